//! Helpers shared by the integration tests: running the binary, reading its CSV back.

/// Runs `progrank args` with colours off: its exit code (-1 when a signal ended it), its
/// standard output and its standard error, both required to be UTF-8.
#[allow(dead_code)] // Not every test crate that includes this module runs the binary.
pub fn progrank(args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::cargo::cargo_bin_cmd!("progrank")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The records of CSV `bytes` read in a dialect: decoded from `encoding`, `bom` expected
/// (and removed) or refused, split on `delimiter`.
#[allow(dead_code)] // Not every test crate that includes this module reads CSV back.
pub fn read_back(
    bytes: &[u8],
    encoding: &'static encoding_rs::Encoding,
    bom: bool,
    delimiter: u8,
) -> Vec<Vec<String>> {
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    assert_eq!(has_bom, bom, "byte order mark");
    let body = if has_bom { &bytes[3..] } else { bytes };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    assert!(!had_errors, "not valid {}", encoding.name());
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}
