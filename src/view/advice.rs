//! `advise --format json` as `Serialize` types: one object with `schema_version`, `path`,
//! `verdict`, `career`, `costs`, `poor_reasons` and `alternatives`.

use super::SCHEMA_VERSION;
use crate::advice::{ALTERNATIVES, COSTS, CareerDirection, Decision, POOR_REASONS, Range};

/// The advice as JSON.
#[derive(Debug, serde::Serialize)]
pub struct AdviceJson {
    /// The version of this object's shape: 1.
    pub schema_version: u32,
    /// The questions asked, in order, with the answers given.
    pub path: Vec<StepJson>,
    /// The verdict's id (`skip`, `worthwhile`, …).
    pub verdict: &'static str,
    /// What the degree is worth for `--career`; `null` when not asked.
    pub career: Option<CareerJson>,
    /// The realistic costs.
    pub costs: CostsJson,
    /// Poor reasons to enrol.
    pub poor_reasons: &'static [&'static str],
    /// Cheaper alternatives.
    pub alternatives: &'static [&'static str],
}

impl AdviceJson {
    /// The advice for `decision`, with the value of the degree for `career` if given.
    pub fn new(decision: &Decision, career: Option<CareerDirection>) -> AdviceJson {
        AdviceJson {
            schema_version: SCHEMA_VERSION,
            path: decision
                .path
                .iter()
                .map(|step| StepJson {
                    question: step.question.id(),
                    text: step.question.text(),
                    answer: step.answer.id(),
                })
                .collect(),
            verdict: decision.verdict.id(),
            career: career.map(|d| CareerJson {
                direction: d.id(),
                value: d.value().label(),
            }),
            costs: CostsJson {
                hours_per_week: COSTS.hours_per_week.into(),
                duration_years: COSTS.duration_years.into(),
                money_usd_unfunded: COSTS.money_usd_unfunded.into(),
                opportunity: COSTS.opportunity,
            },
            poor_reasons: &POOR_REASONS,
            alternatives: &ALTERNATIVES,
        }
    }
}

/// One question on the path and its answer.
#[derive(Debug, serde::Serialize)]
pub struct StepJson {
    /// The question's id (`education_identity`, `aim`, `funding`).
    pub question: &'static str,
    /// The question as asked.
    pub text: &'static str,
    /// The answer's id (`yes`, `no`, `leadership`, …).
    pub answer: &'static str,
}

/// A career direction and what the degree is worth for it.
#[derive(Debug, serde::Serialize)]
pub struct CareerJson {
    /// The direction's short form (`pd`, `dean`, …).
    pub direction: &'static str,
    /// The degree's value (`Low`, `Moderate–High`, …).
    pub value: &'static str,
}

/// The realistic costs of a master's.
#[derive(Debug, serde::Serialize)]
pub struct CostsJson {
    /// Study hours a week.
    pub hours_per_week: RangeJson,
    /// Years of study.
    pub duration_years: RangeJson,
    /// US dollars in all, when the institution does not pay.
    pub money_usd_unfunded: RangeJson,
    /// What else the time costs.
    pub opportunity: &'static str,
}

/// A range of whole numbers.
#[derive(Debug, serde::Serialize)]
pub struct RangeJson {
    /// The low end.
    pub min: u32,
    /// The high end.
    pub max: u32,
    /// True when the top is "or more".
    pub open_ended: bool,
}

impl From<Range> for RangeJson {
    fn from(r: Range) -> Self {
        RangeJson {
            min: r.min,
            max: r.max,
            open_ended: r.open_ended,
        }
    }
}
