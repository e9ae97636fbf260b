//! The health page: the findings of `check`, each with its location, how to
//! fix it and a link to the entity it is about.

use serde::Serialize;

use super::Ctx;
use crate::diag::{Diagnostic, Severity};

/// A finding of `check`.
#[derive(Clone, Debug, Serialize)]
pub struct FindingView {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    pub location: String,
    pub help: Option<String>,
    pub notes: Vec<String>,
    pub url: Option<String>,
    pub edit_url: Option<String>,
}

impl Ctx<'_> {
    /// The view of a finding.
    pub fn finding(&self, d: &Diagnostic) -> FindingView {
        let path = self.sources.path(d.primary.file);
        let p = d.primary.span.start;
        FindingView {
            code: d.code.to_string(),
            name: d.name.to_string(),
            severity: d.severity.as_str().to_string(),
            message: d.message.clone(),
            location: format!("{path}:{}:{}", p.line, p.col),
            help: d.help.clone(),
            notes: d.notes.clone(),
            url: self.finding_url(&d.key),
            edit_url: self.edit_url(path),
        }
    }

    /// Findings at a severity, for the counts on the nav and the home page.
    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }
}
