//! Load + rules + every report format on one file of fuzzed bytes, in memory: no
//! input may panic, hang or let a control character reach the human report.
#![no_main]

use std::sync::Arc;

use accordant::pipeline::check_repo;
use accordant::config::Config;
use accordant::date::Date;
use accordant::load::{Content, Input, load_inputs};
use accordant::cli::Format;
use accordant::report::{Report, emit};
use accordant::source::SourceDb;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Half the inputs split at the first NUL: an `accordant.yaml`, then a document
    // file, so the config's own parsing and limits are fuzzed too.
    let (config_bytes, doc) = match data.iter().position(|&b| b == 0) {
        Some(i) if data.first() == Some(&b'o') => (Some(&data[..i]), &data[i + 1..]),
        _ => (None, data),
    };
    let mut sources = SourceDb::new("/fuzz");
    let config = match config_bytes {
        Some(bytes) => {
            let id = sources.add("accordant.yaml".to_string(), None);
            accordant::load::load_config(id, bytes).0
        }
        None => Config::fallback(),
    };
    let inputs = vec![Input {
        path: "docs/fuzz.yaml".to_string(),
        content: Content::Memory(Arc::from(doc)),
    }];
    let repo = load_inputs(config, sources, inputs);
    let today = Date::parse("2026-11-27").expect("a valid date");
    let checked = check_repo(repo, today);
    let report = Report::new(&checked);
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github, Format::Markdown] {
        let mut out = Vec::new();
        emit(format, &report, false, &mut out).expect("writing to memory");
        if format == Format::Human {
            let text = String::from_utf8_lossy(&out);
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
                "a control character reached the terminal"
            );
        }
        if format == Format::Github {
            let text = String::from_utf8_lossy(&out);
            for line in text.split('\n') {
                assert!(!line.contains('\r'));
                if line.trim_start().starts_with("::") {
                    assert!(
                        ["::error file=", "::warning file=", "::notice file="]
                            .iter()
                            .any(|p| line.starts_with(p)),
                        "forged workflow command: {line:?}"
                    );
                }
            }
        }
    }
});
