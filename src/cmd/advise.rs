//! `progrank advise`: is a master's worth it for your goal, at its cost? Collects the answers to
//! the article's three questions (from flags, or by asking at a terminal), then prints the path
//! taken, the verdict, the degree's value for a career direction, the realistic costs, the poor
//! reasons to enrol and the cheaper alternatives, as text or JSON.
//!
//! The decision itself lives in [`crate::advice`], free of I/O; this file only asks and prints.
//! Asking goes through the [`Prompter`] trait so tests can script the answers.

use crate::advice::{
    self, ALTERNATIVES, Aim, Answer, Answers, COSTS, CareerDirection, Decision, POOR_REASONS,
    Question, Range,
};
use crate::error::{Error, Result};
use crate::output::{self, Destination};
use clap::ValueEnum;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsStr;
use std::io::{BufRead, IsTerminal, Write};

/// Arguments of `progrank advise`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Question 1: do you want education to be your main academic identity? "no" ends the flow
    /// (skip the master's).
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "yes|no",
        hide_possible_values = true
    )]
    pub education_identity: Option<YesNoArg>,

    /// Question 2: are you aiming at program director, clerkship director or dean-level roles
    /// (leadership), at education research as a major output (research), or neither? Needed
    /// only after "yes" to question 1.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "leadership|research|neither",
        hide_possible_values = true
    )]
    pub aim: Option<AimArg>,

    /// Question 3: can you get institutional funding or protected time? Needed only after
    /// leadership or research.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "yes|no",
        hide_possible_values = true
    )]
    pub funding: Option<YesNoArg>,

    /// Also show what the degree is worth for this career direction (the article's table).
    /// Short forms or full names, any case.
    #[arg(long, value_name = "DIRECTION", value_parser = CareerParser, ignore_case = true)]
    pub career: Option<CareerDirection>,

    /// Output format.
    #[arg(short, long, value_enum, ignore_case = true, default_value_t = AdviseFormat::Text, value_name = "FORMAT")]
    pub format: AdviseFormat,
}

/// A yes-or-no answer on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum YesNoArg {
    /// Yes.
    Yes,
    /// No.
    No,
}

/// `--aim`: what you are aiming at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AimArg {
    /// Program director, clerkship director or dean-level education roles.
    Leadership,
    /// Education research as a major output.
    Research,
    /// Neither of those.
    Neither,
}

impl From<AimArg> for Aim {
    fn from(arg: AimArg) -> Self {
        match arg {
            AimArg::Leadership => Aim::Leadership,
            AimArg::Research => Aim::Research,
            AimArg::Neither => Aim::Neither,
        }
    }
}

/// `--format` of `advise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdviseFormat {
    /// Readable text (the default).
    Text,
    /// The same content as a JSON object: schema_version, path, verdict, career, costs,
    /// poor_reasons, alternatives.
    Json,
}

/// Parses `--career` with [`CareerDirection::parse`], so any spelling of a direction's short
/// form, alias or full name is accepted; an unknown value is a usage error listing the valid
/// short forms. The short forms are the possible values shown in help and completions.
#[derive(Debug, Clone, Copy)]
struct CareerParser;

impl TypedValueParser for CareerParser {
    type Value = CareerDirection;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> std::result::Result<CareerDirection, clap::Error> {
        let text = value.to_string_lossy();
        CareerDirection::parse(&text).ok_or_else(|| {
            let mut err = clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd);
            let arg = arg.map_or_else(|| "--career <DIRECTION>".to_owned(), ToString::to_string);
            err.insert(ContextKind::InvalidArg, ContextValue::String(arg));
            err.insert(ContextKind::InvalidValue, ContextValue::String(text.into()));
            err.insert(
                ContextKind::ValidValue,
                ContextValue::Strings(
                    CareerDirection::ALL
                        .iter()
                        .map(|d| d.id().to_owned())
                        .collect(),
                ),
            );
            err
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(CareerDirection::ALL.into_iter().map(|d| {
            PossibleValue::new(d.id())
                .help(format!("{} (degree value: {})", d.label(), d.value()))
                .aliases(d.aliases().iter().copied())
        })))
    }
}

impl Args {
    /// The answers given on the command line.
    pub fn answers(&self) -> Answers {
        Answers {
            education_identity: self.education_identity.map(|a| a == YesNoArg::Yes),
            aim: self.aim.map(Aim::from),
            funding: self.funding.map(|a| a == YesNoArg::Yes),
        }
    }
}

/// Asks the user one question at a time. The terminal implementation prompts on standard
/// error and reads standard input; tests use a scripted one.
pub trait Prompter {
    /// Shows `prompt` and returns the line typed, or `None` at end of input.
    fn ask(&mut self, prompt: &str) -> std::io::Result<Option<String>>;
}

/// Prompts on standard error (so standard output stays clean for JSON) and reads a line
/// from standard input.
#[derive(Debug, Default)]
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn ask(&mut self, prompt: &str) -> std::io::Result<Option<String>> {
        let mut stderr = std::io::stderr().lock();
        write!(stderr, "{prompt}")?;
        stderr.flush()?;
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line)? == 0 {
            writeln!(stderr)?;
            return Ok(None);
        }
        Ok(Some(line))
    }
}

/// Finishes the flow: decides from `answers`, asking `prompter` for each answer the path
/// still needs. Without a prompter (standard input is not a terminal) a missing answer is a
/// usage error naming the flags that would supply it.
pub fn complete(mut answers: Answers, mut prompter: Option<&mut dyn Prompter>) -> Result<Decision> {
    loop {
        match advice::decide(&answers) {
            Ok(decision) => return Ok(decision),
            Err(question) => {
                let Some(prompter) = prompter.as_deref_mut() else {
                    return Err(missing_answers_error(&answers));
                };
                let answer = ask(prompter, question)?;
                answers.set(question, answer);
            }
        }
    }
}

/// Asks `question` until it gets a valid answer; end of input is a usage error.
fn ask(prompter: &mut dyn Prompter, question: Question) -> Result<Answer> {
    let number = question as usize + 1;
    let mut prompt = format!("{number}. {} [{}] ", question.text(), question.choices());
    loop {
        let no_answer = |e: Option<std::io::Error>| {
            let why = e.map_or_else(|| "end of input".to_owned(), |e| e.to_string());
            Error::usage(format!(
                "no answer to question {number} ({why}); pass {} {}",
                question.flag(),
                question.choices()
            ))
        };
        let line = prompter
            .ask(&prompt)
            .map_err(|e| no_answer(Some(e)))?
            .ok_or_else(|| no_answer(None))?;
        if let Some(answer) = question.parse_answer(&line) {
            return Ok(answer);
        }
        prompt = format!("Please answer {}: ", question.choices_in_words());
    }
}

/// The usage error for missing answers when progrank cannot ask.
fn missing_answers_error(answers: &Answers) -> Error {
    let missing = advice::missing(answers);
    let with_choices = |q: &Question| format!("{} {}", q.flag(), q.choices());
    let mut message = format!(
        "missing answer: pass {}",
        missing.first().map(with_choices).unwrap_or_default()
    );
    if missing.len() > 1 {
        let later: Vec<String> = missing[1..].iter().map(with_choices).collect();
        message.push_str(&format!(
            " (depending on your answers, also {})",
            crate::text::join(&later, " and ")
        ));
    }
    message.push_str("; standard input is not a terminal, so progrank cannot ask");
    Error::usage(message)
}

/// Runs `progrank advise`.
pub fn run(args: Args) -> Result<()> {
    let answers = args.answers();
    let mut terminal = TerminalPrompter;
    let prompter: Option<&mut dyn Prompter> = if std::io::stdin().is_terminal() {
        Some(&mut terminal)
    } else {
        None
    };
    let decision = complete(answers, prompter)?;
    let unused = advice::unused(&answers, &decision);
    if !unused.is_empty() {
        let flags: Vec<&str> = unused.iter().map(|q| q.flag()).collect();
        let _ = writeln!(
            std::io::stderr(),
            "note: {} not used: the flow ended at question {}",
            crate::text::join(&flags, " and "),
            decision.path.len()
        );
    }
    let rendered = match args.format {
        AdviseFormat::Text => render_text(&decision, args.career),
        AdviseFormat::Json => render_json(&decision, args.career),
    };
    output::write(
        &Destination::Stdout,
        rendered.as_bytes(),
        output::Reads::default(),
    )
    .map(drop)
}

/// The advice as a JSON object (pretty-printed, with a final newline): the shape is
/// [`crate::view::advice::AdviceJson`]'s.
pub fn render_json(decision: &Decision, career: Option<CareerDirection>) -> String {
    let value = crate::view::advice::AdviceJson::new(decision, career);
    let mut text = serde_json::to_string_pretty(&value).expect("the advice always serialises");
    text.push('\n');
    text
}

/// Text is wrapped to this many columns, so output is the same on every terminal.
const WIDTH: usize = 92;

/// The advice as readable text.
pub fn render_text(decision: &Decision, career: Option<CareerDirection>) -> String {
    let mut out = String::new();
    out.push_str("Is a master's in medical education worth it for you?\n\nPath taken\n");
    for (i, step) in decision.path.iter().enumerate() {
        wrap_into(
            &mut out,
            &format!("{}. {}", i + 1, step.question.text()),
            "  ",
            "     ",
        );
        out.push_str(&format!("     -> {}\n", step.answer));
    }
    let verdict = decision.verdict;
    out.push_str(&format!(
        "\nVerdict: {} [{}]\n",
        verdict.headline(),
        verdict.id()
    ));
    wrap_into(&mut out, verdict.explanation(), "  ", "  ");

    out.push_str("\nCareer value of the degree\n");
    match career {
        Some(d) => out.push_str(&format!("  {}: {}\n", d.label(), d.value())),
        None => {
            let ids: Vec<&str> = CareerDirection::ALL.iter().map(|d| d.id()).collect();
            wrap_into(
                &mut out,
                &format!(
                    "Not asked; add --career DIRECTION ({}) to see it.",
                    ids.join(", ")
                ),
                "  ",
                "  ",
            );
        }
    }

    out.push_str("\nRealistic costs\n");
    out.push_str(&format!(
        "  Time:  {} hours a week for {} years\n",
        range_text(COSTS.hours_per_week, ""),
        range_text(COSTS.duration_years, "")
    ));
    out.push_str(&format!(
        "  Money: {} in total, if your institution does not pay\n",
        range_text(COSTS.money_usd_unfunded, "$")
    ));
    wrap_into(&mut out, COSTS.opportunity, "  Also:  ", "         ");

    out.push_str("\nSelf-check: poor reasons to enrol (if one is your main reason, think again)\n");
    for reason in POOR_REASONS {
        wrap_into(&mut out, &format!("[ ] {reason}"), "  ", "      ");
    }

    out.push_str("\nCheaper alternatives (much of the value at a fraction of the cost)\n");
    for alternative in ALTERNATIVES {
        wrap_into(&mut out, &format!("- {alternative}"), "  ", "    ");
    }
    out
}

/// `10–20`, `$15,000–$50,000 or more`.
fn range_text(range: Range, unit: &str) -> String {
    let more = if range.open_ended { " or more" } else { "" };
    format!(
        "{unit}{}\u{2013}{unit}{}{more}",
        thousands(range.min),
        thousands(range.max)
    )
}

/// `15000` → `15,000`.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Appends `text` wrapped at [`WIDTH`] columns: the first line after `first`, the rest after
/// `rest`.
fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = String::from(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advice::Verdict;
    use std::collections::VecDeque;

    /// Answers prompts from a script and records what was asked.
    #[derive(Default)]
    struct Scripted {
        lines: VecDeque<&'static str>,
        prompts: Vec<String>,
    }

    impl Scripted {
        fn new(lines: &[&'static str]) -> Self {
            Scripted {
                lines: lines.iter().copied().collect(),
                prompts: Vec::new(),
            }
        }
    }

    impl Prompter for Scripted {
        fn ask(&mut self, prompt: &str) -> std::io::Result<Option<String>> {
            self.prompts.push(prompt.to_owned());
            Ok(self.lines.pop_front().map(|l| format!("{l}\n")))
        }
    }

    #[test]
    fn prompts_for_every_question_on_the_path() {
        let mut script = Scripted::new(&["yes", "research", "no"]);
        let decision = complete(Answers::default(), Some(&mut script)).unwrap();
        assert_eq!(decision.verdict, Verdict::ClearPayoffOnly);
        assert_eq!(script.prompts.len(), 3);
        assert!(script.prompts[0].starts_with("1. Do you want education"));
        assert!(script.prompts[1].starts_with("2. Are you aiming"));
        assert!(script.prompts[1].ends_with("[leadership|research|neither] "));
        assert!(script.prompts[2].starts_with("3. Can you get"));
    }

    #[test]
    fn prompts_only_for_what_the_flags_left_out() {
        let given = Answers {
            education_identity: Some(true),
            aim: Some(Aim::Leadership),
            funding: None,
        };
        let mut script = Scripted::new(&["Y"]);
        let decision = complete(given, Some(&mut script)).unwrap();
        assert_eq!(decision.verdict, Verdict::Worthwhile);
        assert_eq!(script.prompts.len(), 1);
        assert!(script.prompts[0].starts_with("3. "));
    }

    #[test]
    fn a_no_to_the_first_prompt_stops_asking() {
        let mut script = Scripted::new(&["no", "leadership", "yes"]);
        let decision = complete(Answers::default(), Some(&mut script)).unwrap();
        assert_eq!(decision.verdict, Verdict::Skip);
        assert_eq!(script.prompts.len(), 1);
        assert_eq!(script.lines.len(), 2);
    }

    #[test]
    fn a_bad_answer_is_asked_again() {
        let mut script = Scripted::new(&["maybe", "", "n"]);
        let decision = complete(Answers::default(), Some(&mut script)).unwrap();
        assert_eq!(decision.verdict, Verdict::Skip);
        assert_eq!(script.prompts.len(), 3);
        assert_eq!(script.prompts[1], "Please answer yes or no: ");
    }

    #[test]
    fn end_of_input_at_a_prompt_is_a_usage_error() {
        let mut script = Scripted::new(&["yes"]);
        let err = complete(Answers::default(), Some(&mut script)).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::USAGE);
        assert!(err.to_string().contains("--aim"), "{err}");
    }

    #[test]
    fn without_a_prompter_missing_answers_name_the_flags() {
        let err = complete(Answers::default(), None).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::USAGE);
        assert_eq!(
            err.to_string(),
            "missing answer: pass --education-identity yes|no (depending on your answers, also \
             --aim leadership|research|neither and --funding yes|no); standard input is not a \
             terminal, so progrank cannot ask"
        );
        let partial = Answers {
            education_identity: Some(true),
            aim: Some(Aim::Research),
            funding: None,
        };
        assert_eq!(
            complete(partial, None).unwrap_err().to_string(),
            "missing answer: pass --funding yes|no; standard input is not a terminal, so \
             progrank cannot ask"
        );
    }

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(15_000), "15,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(
            range_text(COSTS.money_usd_unfunded, "$"),
            "$15,000\u{2013}$50,000 or more"
        );
    }

    #[test]
    fn wrapping_keeps_lines_within_the_width() {
        let mut out = String::new();
        wrap_into(&mut out, &"word ".repeat(60), "  ", "    ");
        assert!(out.lines().count() > 1);
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH));
        assert!(out.lines().skip(1).all(|l| l.starts_with("    word")));
    }

    #[test]
    fn career_parser_rejects_unknown_directions_listing_the_valid_ones() {
        let cmd = clap::Command::new("t");
        let err = CareerParser
            .parse_ref(&cmd, None, OsStr::new("astronaut"))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        let shown = err.to_string();
        assert!(shown.contains("astronaut"), "{shown}");
        assert!(
            shown.contains("bedside, core-faculty, clerkship, pd, dean, research"),
            "{shown}"
        );
        let ok = CareerParser
            .parse_ref(&cmd, None, OsStr::new("Dean/Associate Dean for Education"))
            .unwrap();
        assert_eq!(ok, CareerDirection::Dean);
    }
}
