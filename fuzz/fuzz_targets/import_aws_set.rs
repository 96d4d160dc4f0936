//! A snapshot of several AWS files: the input is split into files at NUL bytes, each piece's
//! first line its path (`aws_configs/eu-west-1/Subnets.json`); import, and the import checks.
//! Also: the same files (distinct paths) in reverse order give the same topology.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vpcmap_fuzz::remember(data);
    let files = vpcmap_fuzz::split_files(data);
    let Ok(imported) = vpcmap::import::import_aws(&files) else {
        return;
    };
    // Files that share a path keep their given order by design (the sort is stable), so order
    // independence holds for distinct paths only (a run found two copies of one path).
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    if paths.len() < files.len() {
        vpcmap_fuzz::check_imported(&imported.topology);
        return;
    }
    let mut reversed = files.clone();
    reversed.reverse();
    let again = vpcmap::import::import_aws(&reversed);
    assert_eq!(
        again.ok().map(|i| i.topology),
        Some(imported.topology.clone()),
        "file order changed the import"
    );
    vpcmap_fuzz::check_imported(&imported.topology);
});
