//! Helpers shared by the integration tests that read progrank's CSV back.

/// The records of CSV `bytes` read in a dialect: decoded from `encoding`, `bom` expected
/// (and removed) or refused, split on `delimiter`.
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
