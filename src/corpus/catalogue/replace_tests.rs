//! Replacing the catalogue whole, and what loading and the next import make
//! of an import killed at each step.

use serde_json::json;

use super::*;

fn service(id: &str, name: &str) -> Service {
    Service::from_json(json!({"서비스ID": id, "서비스명": name})).unwrap()
}

fn catalogue(services: &[(&str, &str)]) -> Catalogue {
    Catalogue::new(services.iter().map(|(id, n)| service(id, n)).collect())
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_save_swaps_the_whole_folder_and_links_unchanged_shards() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "keep").unwrap();
    let first = catalogue(&[("000000000001", "하나"), ("000000000002", "둘")]);
    let saved = save(dir.path(), &first).unwrap();
    assert_eq!((saved.written.len(), saved.unchanged), (2, 0));
    let kept = dir.path().join("services/01.json");
    let before = std::fs::metadata(&kept).unwrap().modified().unwrap();

    let second = catalogue(&[("000000000001", "하나"), ("000000000003", "셋")]);
    let saved = save(dir.path(), &second).unwrap();
    assert_eq!(saved.written, [dir.path().join("services/03.json")]);
    assert_eq!(saved.removed, [dir.path().join("services/02.json")]);
    assert_eq!(saved.unchanged, 1);
    assert_eq!(store::load(dir.path()).unwrap(), second);
    assert_eq!(names(dir.path()), ["README.md", "services"]);
    assert_eq!(names(&dir.path().join("services")), ["01.json", "03.json"]);
    assert_eq!(
        std::fs::metadata(&kept).unwrap().modified().unwrap(),
        before
    );

    let again = save(dir.path(), &second).unwrap();
    assert_eq!((again.written.len(), again.removed.len()), (0, 0));
}

#[test]
fn an_import_killed_before_the_swap_leaves_the_old_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let old = catalogue(&[("000000000001", "하나")]);
    save(dir.path(), &old).unwrap();
    let new = catalogue(&[("000000000002", "둘")]);
    let lock = lock(dir.path()).unwrap();
    // Staged, never committed: the process died here.
    let staged = lock.stage(&new).unwrap();
    drop(staged);
    drop(lock);
    let staging = dir
        .path()
        .join(format!("{STAGING_PREFIX}{}", std::process::id()));
    assert!(staging.join("02.json").is_file());
    assert_eq!(store::load(dir.path()).unwrap(), old);

    let lock = super::lock(dir.path()).unwrap();
    assert_eq!(lock.recovered, [Recovered::Removed(staging)]);
    assert_eq!(names(dir.path()), ["services"]);
}

#[test]
fn an_import_killed_between_the_renames_is_read_and_restored_from_the_side() {
    let dir = tempfile::tempdir().unwrap();
    let old = catalogue(&[("000000000001", "하나")]);
    save(dir.path(), &old).unwrap();
    // As a process 7 killed after its first rename leaves it.
    let aside = dir.path().join(format!("{ASIDE_PREFIX}7"));
    std::fs::rename(dir.path().join("services"), &aside).unwrap();
    let staging = dir.path().join(format!("{STAGING_PREFIX}7"));
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("02.json"), "[\n").unwrap();
    assert_eq!(
        store::load(dir.path()).unwrap(),
        old,
        "loading reads the side folder"
    );

    let lock = lock(dir.path()).unwrap();
    assert_eq!(
        lock.recovered,
        [Recovered::Restored(aside), Recovered::Removed(staging)]
    );
    assert_eq!(names(dir.path()), ["services"]);
    assert_eq!(store::load(dir.path()).unwrap(), old);
}

#[test]
fn an_import_killed_after_the_swap_leaves_the_new_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let new = catalogue(&[("000000000002", "둘")]);
    save(dir.path(), &new).unwrap();
    let aside = dir.path().join(format!("{ASIDE_PREFIX}7"));
    std::fs::create_dir(&aside).unwrap();
    std::fs::write(aside.join("01.json"), "[]").unwrap();
    assert_eq!(store::load(dir.path()).unwrap(), new);
    let lock = lock(dir.path()).unwrap();
    assert_eq!(lock.recovered, [Recovered::Removed(aside)]);
}

#[test]
fn a_second_import_at_the_same_time_is_turned_away() {
    let dir = tempfile::tempdir().unwrap();
    let _first = lock(dir.path()).unwrap();
    let err = lock(dir.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: another import is running", dir.path().display())
    );
}
