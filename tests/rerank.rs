//! Ranking progrank's own output again: a user exports the ranking, edits a rating in it and
//! runs progrank on the edited file. The columns the earlier run put in front (`rank`,
//! `score`, `red_flags`, then `status` and the cost columns) are left out and worked out
//! again, so the output has them once, and a third run reads the second's output.

use assert_cmd::cargo::cargo_bin_cmd;

/// Runs `progrank rank INPUT ARGS -o OUT` and returns the output's bytes and standard error.
fn rank(input: &std::path::Path, out: &std::path::Path, args: &[&str]) -> (Vec<u8>, String) {
    let run = cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(input)
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{}: {stderr}", input.display());
    (std::fs::read(out).unwrap(), stderr)
}

#[test]
fn a_ranking_read_again_gives_the_same_ranking_with_its_columns_once() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &[][..],
        &["--costs", "--include-excluded", "--max-cost", "40000"][..],
    ] {
        let first = dir.path().join("first.csv");
        let (first_bytes, _) = rank("data/programs.csv".as_ref(), &first, args);
        let second = dir.path().join("second.csv");
        let (second_bytes, note) = rank(&first, &second, args);
        assert!(
            note.contains("\"rank\", \"score\", \"red_flags\"")
                && note.contains("earlier progrank run"),
            "{note}"
        );
        assert_eq!(
            String::from_utf8(second_bytes.clone()).unwrap(),
            String::from_utf8(first_bytes).unwrap(),
            "{args:?}"
        );
        let header = String::from_utf8(second_bytes).unwrap();
        let header = header.lines().next().unwrap();
        assert_eq!(header.matches("rank").count(), 1, "{header}");
        // A third run reads the second's output as well.
        let third = dir.path().join("third.csv");
        let (third_bytes, _) = rank(&second, &third, args);
        assert_eq!(third_bytes, std::fs::read(&second).unwrap());
    }
}

#[test]
fn an_edited_rating_in_a_ranking_moves_its_program() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.csv");
    let (bytes, _) = rank("data/programs.csv".as_ref(), &first, &[]);
    let text = String::from_utf8(bytes).unwrap();
    // The last program gets the best rating everywhere: its old rank and score, still in
    // the file, must not be what comes back.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let last = lines.len() - 1;
    let mut cells: Vec<String> = lines[last].split(',').map(str::to_owned).collect();
    let name = cells[3].clone();
    for rating in &mut cells[4..9] {
        *rating = "5".to_owned();
    }
    lines[last] = cells.join(",");
    let edited = dir.path().join("edited.csv");
    std::fs::write(&edited, lines.join("\n") + "\n").unwrap();
    let (bytes, _) = rank(&edited, &dir.path().join("again.csv"), &[]);
    let again = String::from_utf8(bytes).unwrap();
    let top = again.lines().nth(1).unwrap();
    assert!(top.starts_with("1,100.00,"), "{top}");
    assert!(top.contains(&name), "{top}");
}

#[test]
fn a_ranking_from_the_workbook_output_is_read_again_too() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("first.xlsx");
    rank("data/programs.csv".as_ref(), &workbook, &[]);
    let (from_workbook, note) = rank(&workbook, &dir.path().join("second.csv"), &[]);
    assert!(
        note.contains("\"Rank\", \"Score\", \"Red flags\""),
        "{note}"
    );
    let (from_csv, _) = rank(
        "data/programs.csv".as_ref(),
        &dir.path().join("plain.csv"),
        &[],
    );
    let ranks = |bytes: &[u8]| -> Vec<(String, String)> {
        let mut reader = csv::Reader::from_reader(bytes);
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_owned(), r[3].to_owned())
            })
            .collect()
    };
    assert_eq!(ranks(&from_workbook), ranks(&from_csv));
}

#[test]
fn a_users_own_rank_or_score_column_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("own.csv");
    // Not the three columns an earlier run writes in front: the user's own, kept as input.
    std::fs::write(
        &input,
        "Score,program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n\
         9,A,5,5,5,5,5\n3,B,1,1,1,1,1\n",
    )
    .unwrap();
    let (bytes, note) = rank(&input, &dir.path().join("out.csv"), &[]);
    assert!(!note.contains("earlier progrank run"), "{note}");
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.starts_with("rank,score,red_flags,Score,program,"),
        "{text}"
    );
}
