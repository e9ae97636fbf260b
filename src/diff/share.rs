//! Checking two revisions that share most of their documents without holding
//! two copies of them.
//!
//! A document in a file that is the same in both revisions (same path, same
//! bytes) is parsed once. Instead of cloning it into a second model, it is *lent*:
//! the head model is checked with it, then it moves to the base model (its file id
//! changed to base's) for the base check, then it moves back. At the end the head
//! model is complete and the base model keeps the documents of the files that
//! differ; the shared ones are, by construction, identical to head's.

use crate::date::Date;
use crate::model::{Entity, Model, Repo};
use crate::pipeline::{Checked, check_repo};
use crate::source::FileId;

/// Points a document at another file id (the same file in the other revision).
pub(crate) fn set_file(e: &mut Entity, id: FileId) {
    match e {
        Entity::Team(x) => x.loc.file = id,
        Entity::Metric(x) => x.loc.file = id,
        Entity::Goal(x) => x.loc.file = id,
        Entity::Responsibility(x) => x.loc.file = id,
        Entity::Incentive(x) => x.loc.file = id,
        Entity::Agreement(x) => x.loc.file = id,
        Entity::Ritual(x) => x.loc.file = id,
    }
}

/// Empties `model` into its documents grouped by file id (`files` ids), each
/// group in document order.
fn take_by_file(model: &mut Model, files: usize) -> Vec<Vec<Entity>> {
    let mut groups: Vec<Vec<Entity>> = Vec::new();
    groups.resize_with(files, Vec::new);
    let m = std::mem::take(model);
    macro_rules! spread {
        ($($field:ident => $variant:ident),*) => {$(
            for e in m.$field {
                let f = e.loc.file.0 as usize;
                if f >= groups.len() {
                    groups.resize_with(f + 1, Vec::new);
                }
                groups[f].push(Entity::$variant(e));
            }
        )*};
    }
    let config_file = m.config_file;
    spread!(
        teams => Team,
        metrics => Metric,
        goals => Goal,
        responsibilities => Responsibility,
        incentives => Incentive,
        agreements => Agreement,
        rituals => Ritual
    );
    model.config_file = config_file;
    groups
}

/// Builds a model from documents grouped by file, in file order (the order
/// `load` gives them).
fn model_from(groups: &mut [Vec<Entity>], config_file: Option<FileId>) -> Model {
    let mut model = Model::default();
    for g in groups {
        for e in std::mem::take(g) {
            model.push(e);
        }
    }
    model.config_file = config_file;
    model
}

/// Checks `head` (complete) and `base` (without the documents of shared files),
/// lending the shared documents to base for its check. `shared[head id]` is the
/// base file id of a shared file.
pub(crate) fn check_both(
    head: Repo,
    mut base: Repo,
    shared: &[Option<FileId>],
    today: Date,
) -> (Checked, Checked) {
    let mut head = check_repo(head, today);
    let (head_files, base_files) = (head.repo.sources.len(), base.sources.len());
    let head_config = head.repo.model.config_file;
    let base_config = base.model.config_file;
    let mut head_groups = take_by_file(&mut head.repo.model, head_files);
    let mut base_groups = take_by_file(&mut base.model, base_files);
    move_shared(&mut head_groups, &mut base_groups, shared, |h, b| (h, b));
    base.model = model_from(&mut base_groups, base_config);
    let mut base = check_repo(base, today);
    let mut base_groups = take_by_file(&mut base.repo.model, base_files);
    move_shared(&mut base_groups, &mut head_groups, shared, |h, b| (b, h));
    head.repo.model = model_from(&mut head_groups, head_config);
    base.repo.model = model_from(&mut base_groups, base_config);
    (head, base)
}

/// Moves the documents of every shared file from `from` to `to`; `ids` turns a
/// (head id, base id) pair into (from id, to id).
fn move_shared(
    from: &mut [Vec<Entity>],
    to: &mut Vec<Vec<Entity>>,
    shared: &[Option<FileId>],
    ids: impl Fn(FileId, FileId) -> (FileId, FileId),
) {
    for (h, b) in shared.iter().enumerate() {
        let Some(b) = b else { continue };
        let head_id = FileId(u32::try_from(h).unwrap_or(u32::MAX));
        let (src, dst) = ids(head_id, *b);
        let Some(group) = from.get_mut(src.0 as usize) else {
            continue;
        };
        let mut docs = std::mem::take(group);
        for e in &mut docs {
            set_file(e, dst);
        }
        let d = dst.0 as usize;
        if d >= to.len() {
            to.resize_with(d + 1, Vec::new);
        }
        to[d] = docs;
    }
}
