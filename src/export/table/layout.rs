//! Which columns the table shows and how wide each is, decided before any cell is drawn.
//!
//! comfy-table's own arrangement does not know which columns may give way, so it splits words
//! inside to make room. Here the give-way order is designed instead, and tried in turn until the
//! table fits the width:
//!
//! 1. program names wrap at spaces, down to a readable minimum width;
//! 2. the score loses its bar;
//! 3. flag ids become numbered markers (`[1]`), explained in a legend under the table;
//! 4. rating columns are dropped, least weight first (then `--costs` columns, last first).
//!
//! Only when all of that is not enough (below the 60 columns the table is designed for) does
//! the name column shrink further, cutting its longest words with `…`.

/// Names get at least this many columns before anything else gives way, unless they are
/// all shorter.
pub const NAME_MIN: usize = 16;

/// A word of a name up to this wide is never cut while other columns can still give way;
/// wider words are cut whatever happens, so they do not widen the name column.
pub const NAME_WORD_KEPT: usize = 24;

/// The name column never shrinks below this, even on a page too narrow for the table.
const NAME_FLOOR: usize = 3;

/// Columns each side of a cell: a space of padding, and one border between columns.
const PER_COLUMN: usize = 3;

/// The widths the table's columns need, measured from the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The rank column (`#` and the widest rank).
    pub rank: usize,
    /// The score with its bar.
    pub score_bar: usize,
    /// The score as a number only.
    pub score_plain: usize,
    /// Rating and cost columns, in table order: each one's width.
    pub extras: Vec<usize>,
    /// Indices into `extras` in the order they are dropped.
    pub drop_order: Vec<usize>,
    /// The flags column with flag ids.
    pub flag_ids: usize,
    /// The flags column with numbered markers.
    pub flag_markers: usize,
    /// The name column with every name on one line (and the `Program` header).
    pub name_natural: usize,
    /// The widest word of any name, among words at most [`NAME_WORD_KEPT`] wide.
    pub name_longest_word: usize,
}

/// What the table shows at a given width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Score bars are shown.
    pub bars: bool,
    /// Flags are shown as numbered markers rather than ids.
    pub markers: bool,
    /// One entry per extra column: shown or dropped.
    pub shown: Vec<bool>,
    /// The name column's width.
    pub name: usize,
}

impl Measure {
    /// The narrowest the name column may be before other columns give way.
    pub fn name_min(&self) -> usize {
        let wanted = NAME_MIN.max(self.name_longest_word);
        wanted.min(self.name_natural)
    }

    /// The columns everything but the names takes, borders and padding included.
    fn fixed(&self, bars: bool, markers: bool, shown: &[bool]) -> usize {
        let score = if bars {
            self.score_bar
        } else {
            self.score_plain
        };
        let flags = if markers {
            self.flag_markers
        } else {
            self.flag_ids
        };
        let extras: Vec<usize> = self
            .extras
            .iter()
            .zip(shown)
            .filter(|(_, shown)| **shown)
            .map(|(w, _)| *w)
            .collect();
        // Rank, name, score, the extras and flags; the outer border adds one.
        let columns = 4 + extras.len();
        self.rank + score + extras.iter().sum::<usize>() + flags + PER_COLUMN * columns + 1
    }

    /// The first arrangement in the give-way order that fits `width` columns.
    pub fn plan(&self, width: usize) -> Plan {
        let all = vec![true; self.extras.len()];
        let name_min = self.name_min();
        let fitting = |bars, markers, shown: &[bool]| {
            let fixed = self.fixed(bars, markers, shown);
            (width >= fixed + name_min).then(|| (width - fixed).min(self.name_natural))
        };
        for (bars, markers) in [(true, false), (false, false), (false, true)] {
            if let Some(name) = fitting(bars, markers, &all) {
                return Plan {
                    bars,
                    markers,
                    shown: all,
                    name,
                };
            }
        }
        let mut shown = all;
        for &drop in &self.drop_order {
            if let Some(slot) = shown.get_mut(drop) {
                *slot = false;
            }
            if let Some(name) = fitting(false, true, &shown) {
                return Plan {
                    bars: false,
                    markers: true,
                    shown,
                    name,
                };
            }
        }
        let fixed = self.fixed(false, true, &shown);
        Plan {
            bars: false,
            markers: true,
            name: width.saturating_sub(fixed).max(NAME_FLOOR),
            shown,
        }
    }

    /// The narrowest width at which no column is dropped.
    pub fn width_for_all_columns(&self) -> usize {
        self.fixed(false, true, &vec![true; self.extras.len()]) + self.name_min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped sample: two-digit ranks, five one-word rating headers, flag ids up to 25.
    fn sample() -> Measure {
        Measure {
            rank: 2,
            score_bar: 15,
            score_plain: 5,
            extras: vec![7, 11, 7, 11, 5],
            drop_order: vec![4, 3, 2, 1, 0],
            flag_ids: 25,
            flag_markers: 5,
            name_natural: 43,
            name_longest_word: 11,
        }
    }

    #[test]
    fn wide_pages_show_everything_on_one_line() {
        let plan = sample().plan(200);
        assert_eq!(
            plan,
            Plan {
                bars: true,
                markers: false,
                shown: vec![true; 5],
                name: 43
            }
        );
    }

    #[test]
    fn names_wrap_first_then_bars_go_then_markers_then_columns() {
        let m = sample();
        // 2 + 15 + 41 + 25 + 3 × 9 + 1 = 111 columns besides the names.
        let plan = m.plan(111 + 16);
        assert!(plan.bars && !plan.markers);
        assert_eq!(plan.name, 16);
        let plan = m.plan(111 + 15);
        assert!(!plan.bars && !plan.markers);
        assert_eq!(plan.name, 25);
        // Without bars: 101 besides the names; with markers 81.
        let plan = m.plan(101 + 15);
        assert!(!plan.bars && plan.markers);
        assert_eq!(plan.shown, vec![true; 5]);
        assert_eq!(plan.name, 35);
        let plan = m.plan(81 + 15);
        assert_eq!(plan.shown, vec![true, true, true, true, false]);
        assert_eq!(m.width_for_all_columns(), 97);
    }

    #[test]
    fn columns_drop_in_the_given_order_down_to_the_bare_table() {
        let m = sample();
        let plan = m.plan(60);
        assert_eq!(plan.shown, vec![true, false, false, false, false]);
        assert!(plan.name >= NAME_MIN);
        // Rank, name, score and flags alone: 2 + 5 + 5 + 13 = 25 besides the names.
        let plan = m.plan(30);
        assert_eq!(plan.shown, vec![false; 5]);
        assert_eq!(plan.name, 5);
        assert_eq!(m.plan(20).name, NAME_FLOOR);
    }

    #[test]
    fn a_long_word_in_a_name_is_kept_whole_while_columns_can_give_way() {
        let mut m = sample();
        m.name_longest_word = 22;
        assert_eq!(m.name_min(), 22);
        assert_eq!(m.plan(200).name, 43);
        m.name_natural = 9;
        assert_eq!(m.name_min(), 9);
    }
}
