//! Whether a master's is worth it at all: the article's three-question decision flow, its
//! table of the degree's value per career direction, the realistic costs, the poor reasons to
//! enrol and the cheaper alternatives.
//!
//! Ranking programs only helps once a master's is the right move. This module holds that
//! earlier decision as pure data and pure functions, with no I/O, so that `progrank advise`
//! (which asks and prints) stays thin and every path of the flow is unit-tested here. The
//! facts are the article's ("Is a Master's in Medical Education Necessary? Separating Hype
//! from Value", Residency Advisor, January 2026); the wording is ours.

use crate::text::match_key;
use std::fmt;

/// One question of the decision flow, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Question {
    /// 1. Is education your main academic identity?
    EducationIdentity,
    /// 2. Are you aiming at program director, clerkship director or dean-level roles, or at
    ///    education research?
    Aim,
    /// 3. Can you get institutional funding or protected time?
    Funding,
}

impl Question {
    /// Every question, in flow order.
    pub const ALL: [Question; 3] = [
        Question::EducationIdentity,
        Question::Aim,
        Question::Funding,
    ];

    /// The stable id used in JSON (`education_identity`, `aim`, `funding`).
    pub fn id(self) -> &'static str {
        match self {
            Question::EducationIdentity => "education_identity",
            Question::Aim => "aim",
            Question::Funding => "funding",
        }
    }

    /// The command-line flag that answers this question.
    pub fn flag(self) -> &'static str {
        match self {
            Question::EducationIdentity => "--education-identity",
            Question::Aim => "--aim",
            Question::Funding => "--funding",
        }
    }

    /// The answers the flag accepts, as shown in help and messages.
    pub fn choices(self) -> &'static str {
        match self {
            Question::EducationIdentity | Question::Funding => "yes|no",
            Question::Aim => "leadership|research|neither",
        }
    }

    /// The answers in words, for a prompt: `yes or no`, `leadership, research or neither`.
    pub fn choices_in_words(self) -> &'static str {
        match self {
            Question::EducationIdentity | Question::Funding => "yes or no",
            Question::Aim => "leadership, research or neither",
        }
    }

    /// The question as asked of the user.
    pub fn text(self) -> &'static str {
        match self {
            Question::EducationIdentity => {
                "Do you want education to be your main academic identity (more than clinical work or other research)?"
            }
            Question::Aim => {
                "Are you aiming at program director, clerkship director or dean-level roles, or at education research as a major output?"
            }
            Question::Funding => {
                "Can you get institutional funding for the degree or protected time to study?"
            }
        }
    }

    /// Reads a typed answer (as at a prompt): `yes`/`y`/`no`/`n` for the yes-or-no questions,
    /// `leadership`/`research`/`neither` (or their first letter) for the aim; any case.
    pub fn parse_answer(self, text: &str) -> Option<Answer> {
        let key = match_key(text);
        match self {
            Question::EducationIdentity | Question::Funding => match key.as_str() {
                "y" | "yes" => Some(Answer::Yes),
                "n" | "no" => Some(Answer::No),
                _ => None,
            },
            Question::Aim => match key.as_str() {
                "l" | "leadership" => Some(Answer::Aim(Aim::Leadership)),
                "r" | "research" => Some(Answer::Aim(Aim::Research)),
                "n" | "neither" => Some(Answer::Aim(Aim::Neither)),
                _ => None,
            },
        }
    }
}

/// What the user is aiming at (question 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aim {
    /// Program director, clerkship director or dean-level education roles.
    Leadership,
    /// Education research as a major output.
    Research,
    /// Neither of those.
    Neither,
}

impl Aim {
    /// The answer's name, as typed on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Aim::Leadership => "leadership",
            Aim::Research => "research",
            Aim::Neither => "neither",
        }
    }
}

/// One answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// Yes (questions 1 and 3).
    Yes,
    /// No (questions 1 and 3).
    No,
    /// The aim (question 2).
    Aim(Aim),
}

impl Answer {
    /// The answer as typed on the command line (`yes`, `no`, `leadership`, ...).
    pub fn id(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Aim(aim) => aim.id(),
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The answers known so far; `None` where a question has not been answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Answers {
    /// Question 1: education as main academic identity.
    pub education_identity: Option<bool>,
    /// Question 2: leadership, research or neither.
    pub aim: Option<Aim>,
    /// Question 3: institutional funding or protected time.
    pub funding: Option<bool>,
}

impl Answers {
    /// The answer to `question`, if given.
    pub fn get(&self, question: Question) -> Option<Answer> {
        let yes_no = |b: bool| if b { Answer::Yes } else { Answer::No };
        match question {
            Question::EducationIdentity => self.education_identity.map(yes_no),
            Question::Aim => self.aim.map(Answer::Aim),
            Question::Funding => self.funding.map(yes_no),
        }
    }

    /// Records `answer` to `question`. An answer of the wrong kind (an aim for a yes-or-no
    /// question, or the reverse) is ignored; [`Question::parse_answer`] never produces one.
    pub fn set(&mut self, question: Question, answer: Answer) {
        match (question, answer) {
            (Question::EducationIdentity, Answer::Yes | Answer::No) => {
                self.education_identity = Some(answer == Answer::Yes);
            }
            (Question::Funding, Answer::Yes | Answer::No) => {
                self.funding = Some(answer == Answer::Yes);
            }
            (Question::Aim, Answer::Aim(aim)) => self.aim = Some(aim),
            _ => {}
        }
    }
}

/// Where the flow ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Education is not your main identity: skip the master's.
    Skip,
    /// No leadership or research aim: use smaller, targeted programs instead.
    SmallerPrograms,
    /// Leadership or research aim but no funding or protected time: proceed only with a clear,
    /// specific payoff plan.
    ClearPayoffOnly,
    /// Leadership or research aim with funding or protected time: a master's is likely
    /// worthwhile.
    Worthwhile,
}

impl Verdict {
    /// The stable id used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Skip => "skip",
            Verdict::SmallerPrograms => "smaller-programs",
            Verdict::ClearPayoffOnly => "clear-payoff-only",
            Verdict::Worthwhile => "worthwhile",
        }
    }

    /// The verdict in one line.
    pub fn headline(self) -> &'static str {
        match self {
            Verdict::Skip => "Skip the master's.",
            Verdict::SmallerPrograms => "Use smaller, targeted programs instead of a master's.",
            Verdict::ClearPayoffOnly => "Proceed only with a clear, specific payoff plan.",
            Verdict::Worthwhile => "A master's is likely worthwhile.",
        }
    }

    /// Why, in a sentence or two.
    pub fn explanation(self) -> &'static str {
        match self {
            Verdict::Skip => {
                "If education is a side interest rather than your academic identity, a degree is far more than you need; teaching reps, learner feedback and a local teaching course will make you a better teacher at a fraction of the cost."
            }
            Verdict::SmallerPrograms => {
                "Without a leadership or research goal the degree rarely pays back its cost; a faculty development program, a fellowship or a few short courses give you most of the skills."
            }
            Verdict::ClearPayoffOnly => {
                "The goal fits a master's, but you would carry the whole cost in money and time; enrol only if you can name the role or output the degree will get you and when."
            }
            Verdict::Worthwhile => {
                "Your goal is one the degree serves, and with funding or protected time the cost-benefit leans your way; choose the program carefully (progrank rank helps)."
            }
        }
    }
}

/// One step of the path taken: a question and the answer that moved the flow on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The question.
    pub question: Question,
    /// The answer given.
    pub answer: Answer,
}

/// A finished walk through the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The questions on the path taken, with their answers, in order.
    pub path: Vec<Step>,
    /// Where the path ends.
    pub verdict: Verdict,
}

/// Walks the flow as far as `answers` allow. Returns the decision, or the first question on
/// the path that still needs an answer. Only questions on the path are ever needed: "no" to
/// question 1 decides without questions 2 and 3.
pub fn decide(answers: &Answers) -> Result<Decision, Question> {
    let mut path = Vec::with_capacity(3);
    let mut take = |question: Question| -> Result<Answer, Question> {
        let answer = answers.get(question).ok_or(question)?;
        path.push(Step { question, answer });
        Ok(answer)
    };
    let verdict = if take(Question::EducationIdentity)? == Answer::No {
        Verdict::Skip
    } else if take(Question::Aim)? == Answer::Aim(Aim::Neither) {
        Verdict::SmallerPrograms
    } else if take(Question::Funding)? == Answer::Yes {
        Verdict::Worthwhile
    } else {
        Verdict::ClearPayoffOnly
    };
    Ok(Decision { path, verdict })
}

/// The questions that may still need an answer, given what is known: the first unanswered
/// question on the path, then every later unanswered question the path could still reach.
/// Empty when [`decide`] can finish.
pub fn missing(answers: &Answers) -> Vec<Question> {
    match decide(answers) {
        Ok(_) => Vec::new(),
        Err(first) => Question::ALL
            .into_iter()
            .filter(|q| *q >= first && answers.get(*q).is_none())
            .collect(),
    }
}

/// The questions answered but not on the path taken (e.g. `--aim` after "no" to question 1).
pub fn unused(answers: &Answers, decision: &Decision) -> Vec<Question> {
    Question::ALL
        .into_iter()
        .filter(|q| answers.get(*q).is_some() && !decision.path.iter().any(|s| s.question == *q))
        .collect()
}

/// A career direction from the article's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CareerDirection {
    /// Occasional bedside teaching only.
    Bedside,
    /// Core teaching faculty, small leadership roles.
    CoreFaculty,
    /// Clerkship or small program leadership.
    Clerkship,
    /// Major residency or fellowship program director roles.
    ProgramDirector,
    /// Dean or associate dean for education.
    Dean,
    /// An education research career.
    Research,
}

impl CareerDirection {
    /// Every direction, in the article's order (rising value).
    pub const ALL: [CareerDirection; 6] = [
        CareerDirection::Bedside,
        CareerDirection::CoreFaculty,
        CareerDirection::Clerkship,
        CareerDirection::ProgramDirector,
        CareerDirection::Dean,
        CareerDirection::Research,
    ];

    /// The short form, used in JSON and first in `--career`'s list.
    pub fn id(self) -> &'static str {
        match self {
            CareerDirection::Bedside => "bedside",
            CareerDirection::CoreFaculty => "core-faculty",
            CareerDirection::Clerkship => "clerkship",
            CareerDirection::ProgramDirector => "pd",
            CareerDirection::Dean => "dean",
            CareerDirection::Research => "research",
        }
    }

    /// The direction's full name, as in the article's table.
    pub fn label(self) -> &'static str {
        match self {
            CareerDirection::Bedside => "Occasional bedside teaching only",
            CareerDirection::CoreFaculty => "Core teaching faculty, small leadership roles",
            CareerDirection::Clerkship => "Clerkship or small program leadership",
            CareerDirection::ProgramDirector => "Major residency/fellowship PD roles",
            CareerDirection::Dean => "Dean/Associate Dean for Education",
            CareerDirection::Research => "Education research career",
        }
    }

    /// Other names accepted for the direction, besides the id and the full name.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            CareerDirection::Bedside => &["bedside-teaching", "occasional-bedside-teaching"],
            CareerDirection::CoreFaculty => &["core", "core-teaching-faculty", "faculty"],
            CareerDirection::Clerkship => &[
                "clerkship-director",
                "clerkship-leadership",
                "small-program-leadership",
            ],
            CareerDirection::ProgramDirector => &[
                "program-director",
                "residency-pd",
                "fellowship-pd",
                "residency-fellowship-pd",
            ],
            CareerDirection::Dean => &[
                "associate-dean",
                "dean-for-education",
                "associate-dean-for-education",
            ],
            CareerDirection::Research => &["education-research"],
        }
    }

    /// Reads a direction from its id, an alias or its full name, ignoring case, spaces and
    /// punctuation: `pd`, `PD`, `program director` and `Major residency/fellowship PD roles`
    /// all mean [`CareerDirection::ProgramDirector`].
    pub fn parse(text: &str) -> Option<CareerDirection> {
        let key = career_key(text);
        if key.is_empty() {
            return None;
        }
        CareerDirection::ALL.into_iter().find(|d| {
            std::iter::once(d.id())
                .chain(std::iter::once(d.label()))
                .chain(d.aliases().iter().copied())
                .any(|name| career_key(name) == key)
        })
    }

    /// What the degree is worth for this direction, per the article's table.
    pub fn value(self) -> DegreeValue {
        match self {
            CareerDirection::Bedside => DegreeValue::Low,
            CareerDirection::CoreFaculty => DegreeValue::LowModerate,
            CareerDirection::Clerkship => DegreeValue::Moderate,
            CareerDirection::ProgramDirector => DegreeValue::ModerateHigh,
            CareerDirection::Dean | CareerDirection::Research => DegreeValue::High,
        }
    }
}

/// Lower case letters and digits only, so that any spelling of a direction matches.
fn career_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The degree's career value on the article's five-step scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DegreeValue {
    /// Low.
    Low,
    /// Between low and moderate.
    LowModerate,
    /// Moderate.
    Moderate,
    /// Between moderate and high.
    ModerateHigh,
    /// High.
    High,
}

impl DegreeValue {
    /// The value as written in the article (with an en dash between two steps).
    pub fn label(self) -> &'static str {
        match self {
            DegreeValue::Low => "Low",
            DegreeValue::LowModerate => "Low\u{2013}Moderate",
            DegreeValue::Moderate => "Moderate",
            DegreeValue::ModerateHigh => "Moderate\u{2013}High",
            DegreeValue::High => "High",
        }
    }
}

impl fmt::Display for DegreeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A range of whole numbers; `open_ended` when the top is "or more".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The low end.
    pub min: u32,
    /// The high end.
    pub max: u32,
    /// True when costs can run past `max`.
    pub open_ended: bool,
}

/// The realistic cost of a master's, per the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Costs {
    /// Study hours a week.
    pub hours_per_week: Range,
    /// Years of study.
    pub duration_years: Range,
    /// Money, all in, in US dollars, when the institution does not pay.
    pub money_usd_unfunded: Range,
    /// What else the time costs.
    pub opportunity: &'static str,
}

/// The realistic costs: 10–20 hours a week for 1–3 years, and $15,000–$50,000 or more when
/// not institutionally funded.
pub const COSTS: Costs = Costs {
    hours_per_week: Range {
        min: 10,
        max: 20,
        open_ended: false,
    },
    duration_years: Range {
        min: 1,
        max: 3,
        open_ended: false,
    },
    money_usd_unfunded: Range {
        min: 15_000,
        max: 50_000,
        open_ended: true,
    },
    opportunity: "research time, paid extra shifts and rest you give up; education research projects (ethics approval, data collection, chasing responses, revising papers) take more time than the coursework",
};

/// Poor reasons to enrol, as a self-check list.
pub const POOR_REASONS: [&str; 4] = [
    "You are unsure what to do next, so another degree feels like progress.",
    "You hope it will make up for weak clinical work or little research output.",
    "Colleagues seem to be getting one, so you feel you should too.",
    "You mainly want more letters after your name.",
];

/// Cheaper alternatives that give much of the value.
pub const ALTERNATIVES: [&str; 4] = [
    "Longitudinal faculty development: a one- to two-year program, usually at your own institution, sometimes ending in a certificate.",
    "A medical education fellowship, taken straight after residency or later in your career.",
    "Short courses that carry CME credit, on assessment, curriculum design or simulation.",
    "Cross-registering for a handful of chosen education or statistics courses, without enrolling in the whole degree.",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(identity: Option<bool>, aim: Option<Aim>, funding: Option<bool>) -> Answers {
        Answers {
            education_identity: identity,
            aim,
            funding,
        }
    }

    #[test]
    fn every_full_combination_reaches_the_articles_verdict() {
        for identity in [false, true] {
            for aim in [Aim::Leadership, Aim::Research, Aim::Neither] {
                for funding in [false, true] {
                    let decision =
                        decide(&answers(Some(identity), Some(aim), Some(funding))).unwrap();
                    let expected = match (identity, aim, funding) {
                        (false, _, _) => Verdict::Skip,
                        (true, Aim::Neither, _) => Verdict::SmallerPrograms,
                        (true, _, true) => Verdict::Worthwhile,
                        (true, _, false) => Verdict::ClearPayoffOnly,
                    };
                    assert_eq!(decision.verdict, expected, "{identity} {aim:?} {funding}");
                }
            }
        }
    }

    #[test]
    fn the_path_holds_only_the_questions_asked() {
        let skip = decide(&answers(Some(false), Some(Aim::Research), Some(true))).unwrap();
        assert_eq!(
            skip.path,
            vec![Step {
                question: Question::EducationIdentity,
                answer: Answer::No
            }]
        );
        let smaller = decide(&answers(Some(true), Some(Aim::Neither), None)).unwrap();
        assert_eq!(smaller.verdict, Verdict::SmallerPrograms);
        assert_eq!(smaller.path.len(), 2);
        let full = decide(&answers(Some(true), Some(Aim::Leadership), Some(false))).unwrap();
        let asked: Vec<_> = full.path.iter().map(|s| s.question).collect();
        assert_eq!(asked, Question::ALL);
        assert_eq!(full.path[1].answer, Answer::Aim(Aim::Leadership));
    }

    #[test]
    fn a_no_to_question_one_needs_nothing_else() {
        let only = answers(Some(false), None, None);
        assert_eq!(decide(&only).unwrap().verdict, Verdict::Skip);
        assert!(missing(&only).is_empty());
    }

    #[test]
    fn the_first_unanswered_question_on_the_path_is_reported() {
        assert_eq!(
            decide(&Answers::default()),
            Err(Question::EducationIdentity)
        );
        assert_eq!(decide(&answers(Some(true), None, None)), Err(Question::Aim));
        assert_eq!(
            decide(&answers(Some(true), Some(Aim::Research), None)),
            Err(Question::Funding)
        );
    }

    #[test]
    fn missing_lists_every_question_the_path_may_still_need() {
        assert_eq!(missing(&Answers::default()), Question::ALL.to_vec());
        assert_eq!(
            missing(&answers(None, None, Some(true))),
            vec![Question::EducationIdentity, Question::Aim]
        );
        assert_eq!(
            missing(&answers(Some(true), None, None)),
            vec![Question::Aim, Question::Funding]
        );
        assert_eq!(
            missing(&answers(Some(true), Some(Aim::Leadership), None)),
            vec![Question::Funding]
        );
    }

    #[test]
    fn answers_off_the_path_are_reported_unused() {
        let given = answers(Some(false), Some(Aim::Leadership), Some(true));
        let decision = decide(&given).unwrap();
        assert_eq!(
            unused(&given, &decision),
            vec![Question::Aim, Question::Funding]
        );
        let given = answers(Some(true), Some(Aim::Neither), Some(true));
        assert_eq!(
            unused(&given, &decide(&given).unwrap()),
            vec![Question::Funding]
        );
    }

    #[test]
    fn typed_answers_parse_in_any_case_and_short_form() {
        let q1 = Question::EducationIdentity;
        assert_eq!(q1.parse_answer(" Yes "), Some(Answer::Yes));
        assert_eq!(q1.parse_answer("n"), Some(Answer::No));
        assert_eq!(q1.parse_answer("maybe"), None);
        assert_eq!(q1.parse_answer(""), None);
        assert_eq!(
            Question::Aim.parse_answer("RESEARCH"),
            Some(Answer::Aim(Aim::Research))
        );
        assert_eq!(
            Question::Aim.parse_answer("n"),
            Some(Answer::Aim(Aim::Neither))
        );
        assert_eq!(Question::Aim.parse_answer("yes"), None);
        assert_eq!(Question::Funding.parse_answer("leadership"), None);
    }

    #[test]
    fn set_then_get_round_trips_and_ignores_the_wrong_kind() {
        let mut a = Answers::default();
        a.set(Question::Aim, Answer::Yes);
        assert_eq!(a, Answers::default());
        a.set(Question::Aim, Answer::Aim(Aim::Research));
        a.set(Question::Funding, Answer::No);
        a.set(Question::EducationIdentity, Answer::Yes);
        assert_eq!(a.get(Question::Aim), Some(Answer::Aim(Aim::Research)));
        assert_eq!(a.get(Question::Funding), Some(Answer::No));
        assert_eq!(a.get(Question::EducationIdentity), Some(Answer::Yes));
    }

    #[test]
    fn the_career_table_matches_the_article() {
        let table: Vec<_> = CareerDirection::ALL
            .iter()
            .map(|d| (d.label(), d.value().label()))
            .collect();
        assert_eq!(
            table,
            [
                ("Occasional bedside teaching only", "Low"),
                (
                    "Core teaching faculty, small leadership roles",
                    "Low\u{2013}Moderate"
                ),
                ("Clerkship or small program leadership", "Moderate"),
                (
                    "Major residency/fellowship PD roles",
                    "Moderate\u{2013}High"
                ),
                ("Dean/Associate Dean for Education", "High"),
                ("Education research career", "High"),
            ]
        );
    }

    #[test]
    fn directions_parse_from_short_forms_aliases_and_full_names() {
        for d in CareerDirection::ALL {
            assert_eq!(CareerDirection::parse(d.id()), Some(d));
            assert_eq!(CareerDirection::parse(&d.label().to_uppercase()), Some(d));
            for alias in d.aliases() {
                assert_eq!(CareerDirection::parse(alias), Some(d), "{alias}");
            }
        }
        assert_eq!(
            CareerDirection::parse("Program Director"),
            Some(CareerDirection::ProgramDirector)
        );
        assert_eq!(CareerDirection::parse("astronaut"), None);
        assert_eq!(CareerDirection::parse(" - "), None);
    }

    #[test]
    fn no_two_directions_share_a_name() {
        let mut keys = std::collections::HashSet::new();
        for d in CareerDirection::ALL {
            for name in [d.id(), d.label()]
                .into_iter()
                .chain(d.aliases().iter().copied())
            {
                assert!(keys.insert(career_key(name)), "{name} is used twice");
            }
        }
    }

    #[test]
    fn costs_are_the_articles() {
        assert_eq!(
            (COSTS.hours_per_week.min, COSTS.hours_per_week.max),
            (10, 20)
        );
        assert_eq!((COSTS.duration_years.min, COSTS.duration_years.max), (1, 3));
        assert_eq!(
            (COSTS.money_usd_unfunded.min, COSTS.money_usd_unfunded.max),
            (15_000, 50_000)
        );
        assert_eq!(
            (
                COSTS.money_usd_unfunded.open_ended,
                COSTS.hours_per_week.open_ended,
                COSTS.duration_years.open_ended
            ),
            (true, false, false),
            "only the money runs past its top"
        );
    }
}
