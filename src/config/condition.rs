//! The little language of red-flag conditions, as written in `weights.toml`:
//!
//! ```text
//! brand_name >= 4 and (faculty_quality <= 2 or scholarship_support <= 2)
//! mentorship = no
//! tuition_usd > 50000
//! ```
//!
//! A condition compares a name (a criterion id or any input column) with a number, a word
//! (`yes`, `no`, a criterion's label, any text) or a quoted string, and combines comparisons
//! with `and`, `or`, `not` and parentheses. This module only parses; `flags` evaluates.
//!
//! Parsing, binding, evaluation and `Drop` of a condition all recurse over its tree, so the
//! tree's depth is bounded here, once: a condition longer than [`MAX_CHARS`] characters or
//! nesting parentheses and `not` deeper than [`MAX_DEPTH`] is refused with a message, and a
//! long chain of `and` (or `or`) is built as a balanced tree, whose depth grows with the
//! logarithm of the number of terms. A hostile weights file (9,000 parentheses, 20,000
//! `not`s) is an error, never a stack overflow.

use rust_decimal::Decimal;
use std::fmt;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `name op value`
    Compare {
        /// The criterion id or column the comparison reads, as written.
        name: String,
        /// The comparison.
        op: CompareOp,
        /// What the cell is compared with.
        value: Literal,
    },
    /// Both sides hold.
    And(Box<Condition>, Box<Condition>),
    /// Either side holds.
    Or(Box<Condition>, Box<Condition>),
    /// The inner condition does not hold.
    Not(Box<Condition>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `=` or `==`
    Equal,
    /// `!=`
    NotEqual,
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A number such as `2` or `50000`.
    Number(Decimal),
    /// A bare word or a quoted string such as `no`, `none` or `"in-person"`.
    Text(String),
}

impl CompareOp {
    /// Applies the operator to an ordering between the cell and the literal.
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CompareOp::Less => ordering == Less,
            CompareOp::LessOrEqual => ordering != Greater,
            CompareOp::Greater => ordering == Greater,
            CompareOp::GreaterOrEqual => ordering != Less,
            CompareOp::Equal => ordering == Equal,
            CompareOp::NotEqual => ordering != Equal,
        }
    }

    /// True for `=` and `!=`, the only operators that make sense on text.
    pub fn is_equality(self) -> bool {
        matches!(self, CompareOp::Equal | CompareOp::NotEqual)
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CompareOp::Less => "<",
            CompareOp::LessOrEqual => "<=",
            CompareOp::Greater => ">",
            CompareOp::GreaterOrEqual => ">=",
            CompareOp::Equal => "=",
            CompareOp::NotEqual => "!=",
        })
    }
}

impl Condition {
    /// Every name the condition reads, in order of appearance, without repeats.
    pub fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_names(&mut out);
        out
    }

    fn collect_names<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::Compare { name, .. } => {
                if !out.contains(&name.as_str()) {
                    out.push(name);
                }
            }
            Condition::And(a, b) | Condition::Or(a, b) => {
                a.collect_names(out);
                b.collect_names(out);
            }
            Condition::Not(inner) => inner.collect_names(out),
        }
    }
}

/// A syntax error in a condition, with the character offset where it was noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 0-based character offset into the condition text.
    pub offset: usize,
    /// What was expected there.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.offset + 1, self.message)
    }
}

/// The longest condition accepted, in characters (a real one is a line or two).
pub const MAX_CHARS: usize = 10_000;

/// The deepest nesting of parentheses and `not` accepted.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Number(Decimal),
    Op(CompareOp),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let err = |offset: usize, message: String| ParseError { offset, message };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let token = match c {
            '(' => {
                i += 1;
                Token::Open
            }
            ')' => {
                i += 1;
                Token::Close
            }
            '<' | '>' | '=' | '!' => {
                let next = chars.get(i + 1).copied();
                let (op, len) = match (c, next) {
                    ('<', Some('=')) => (CompareOp::LessOrEqual, 2),
                    ('<', _) => (CompareOp::Less, 1),
                    ('>', Some('=')) => (CompareOp::GreaterOrEqual, 2),
                    ('>', _) => (CompareOp::Greater, 1),
                    ('=', Some('=')) => (CompareOp::Equal, 2),
                    ('=', _) => (CompareOp::Equal, 1),
                    ('!', Some('=')) => (CompareOp::NotEqual, 2),
                    _ => return Err(err(start, "expected != after !".into())),
                };
                i += len;
                Token::Op(op)
            }
            '"' | '\'' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or_else(|| err(start, format!("the quote {c} is never closed")))?;
                let inner: String = chars[i + 1..i + 1 + close].iter().collect();
                i += close + 2;
                Token::Quoted(inner)
            }
            c if c.is_ascii_digit() || c == '.' || (c == '-' && starts_number(&chars, i)) => {
                let mut end = i + 1;
                while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == '.') {
                    end += 1;
                }
                let text: String = chars[i..end].iter().collect();
                let number = crate::values::parse_decimal(&text)
                    .map_err(|_| err(start, format!("{text} is not a number")))?;
                i = end;
                Token::Number(number)
            }
            c if is_word_char(c) => {
                let mut end = i + 1;
                while end < chars.len() && is_word_char(chars[end]) {
                    end += 1;
                }
                let word: String = chars[i..end].iter().collect();
                i = end;
                Token::Word(word)
            }
            other => return Err(err(start, format!("unexpected character {other:?}"))),
        };
        tokens.push((start, token));
    }
    Ok(tokens)
}

fn starts_number(chars: &[char], i: usize) -> bool {
    chars
        .get(i + 1)
        .is_some_and(|c| c.is_ascii_digit() || *c == '.')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    end: usize,
    /// How many parentheses and `not`s enclose the current position.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |(o, _)| *o)
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            offset: self.offset(),
            message: message.into(),
        })
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Condition, ParseError> {
        let mut terms = vec![self.and()?];
        while self.keyword("or") {
            terms.push(self.and()?);
        }
        Ok(balanced(terms, Condition::Or))
    }

    fn and(&mut self) -> Result<Condition, ParseError> {
        let mut terms = vec![self.not()?];
        while self.keyword("and") {
            terms.push(self.not()?);
        }
        Ok(balanced(terms, Condition::And))
    }

    /// Enters one level of nesting (a parenthesis or a `not`), refusing to go past
    /// [`MAX_DEPTH`].
    fn descend(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error(format!(
                "the condition nests parentheses and not more than {MAX_DEPTH} deep; write it more simply"
            ));
        }
        Ok(())
    }

    fn not(&mut self) -> Result<Condition, ParseError> {
        if self.keyword("not") {
            self.descend()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Condition::Not(Box::new(inner)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Condition, ParseError> {
        match self.peek().cloned() {
            Some(Token::Open) => {
                self.descend()?;
                self.pos += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return self.error("expected )");
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Some(Token::Word(name)) if !is_keyword(&name) => {
                self.pos += 1;
                let op = match self.peek() {
                    Some(Token::Op(op)) => *op,
                    _ => {
                        return self.error(format!(
                            "expected a comparison (<, <=, >, >=, =, !=) after {name}"
                        ));
                    }
                };
                self.pos += 1;
                let value = match self.peek().cloned() {
                    Some(Token::Number(n)) => Literal::Number(n),
                    Some(Token::Word(w)) if !is_keyword(&w) => Literal::Text(w),
                    Some(Token::Quoted(q)) => Literal::Text(q),
                    _ => {
                        return self
                            .error(format!("expected a number or a word after {name} {op}"));
                    }
                };
                self.pos += 1;
                Ok(Condition::Compare { name, op, value })
            }
            _ => self.error("expected a column name, not, or ("),
        }
    }
}

/// Joins the terms of an `and` (or `or`) chain as a balanced tree, left to right: its depth
/// is the logarithm of the number of terms, so a 20,000-term chain recurses 15 deep.
fn balanced(
    mut terms: Vec<Condition>,
    join: fn(Box<Condition>, Box<Condition>) -> Condition,
) -> Condition {
    if terms.len() == 1 {
        return terms.pop().expect("one term");
    }
    let right = terms.split_off(terms.len().div_ceil(2));
    join(
        Box::new(balanced(terms, join)),
        Box::new(balanced(right, join)),
    )
}

fn is_keyword(word: &str) -> bool {
    ["and", "or", "not"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
}

/// Parses a condition such as `faculty_quality <= 2 or mentorship = no`.
pub fn parse(text: &str) -> Result<Condition, ParseError> {
    let length = text.chars().count();
    if length > MAX_CHARS {
        return Err(ParseError {
            offset: MAX_CHARS,
            message: format!(
                "the condition is {length} characters long, over the limit of {MAX_CHARS}; \
                 split it into several flags"
            ),
        });
    }
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        end: length,
        depth: 0,
    };
    let condition = parser.or()?;
    if parser.pos != parser.tokens.len() {
        return parser.error("expected and, or, or the end of the condition");
    }
    Ok(condition)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn cmp(name: &str, op: CompareOp, value: Literal) -> Condition {
        Condition::Compare {
            name: name.into(),
            op,
            value,
        }
    }

    #[test]
    fn parses_a_single_comparison() {
        assert_eq!(
            parse("faculty_quality <= 2").unwrap(),
            cmp(
                "faculty_quality",
                CompareOp::LessOrEqual,
                Literal::Number(dec!(2))
            )
        );
        assert_eq!(
            parse("mentorship = no").unwrap(),
            cmp("mentorship", CompareOp::Equal, Literal::Text("no".into()))
        );
        assert_eq!(
            parse("delivery != \"in-person\"").unwrap(),
            cmp(
                "delivery",
                CompareOp::NotEqual,
                Literal::Text("in-person".into())
            )
        );
        assert_eq!(
            parse("balance>-2.5").unwrap(),
            cmp("balance", CompareOp::Greater, Literal::Number(dec!(-2.5)))
        );
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let parsed = parse("a = 1 or b = 2 and c = 3").unwrap();
        let expected = Condition::Or(
            Box::new(cmp("a", CompareOp::Equal, Literal::Number(dec!(1)))),
            Box::new(Condition::And(
                Box::new(cmp("b", CompareOp::Equal, Literal::Number(dec!(2)))),
                Box::new(cmp("c", CompareOp::Equal, Literal::Number(dec!(3)))),
            )),
        );
        assert_eq!(parsed, expected);
    }

    #[test]
    fn parentheses_and_not() {
        let parsed = parse("not (a >= 4 or b < 1)").unwrap();
        assert!(matches!(parsed, Condition::Not(_)));
        assert_eq!(parsed.names(), vec!["a", "b"]);
    }

    #[test]
    fn names_are_listed_once() {
        let parsed = parse("a > 1 and (a < 3 or b = yes)").unwrap();
        assert_eq!(parsed.names(), vec!["a", "b"]);
    }

    #[test]
    fn syntax_errors_say_where() {
        let e = parse("faculty_quality <=").unwrap_err();
        assert_eq!(e.offset, 18);
        assert!(e.message.contains("expected a number or a word"), "{e}");
        let e = parse("(a = 1").unwrap_err();
        assert!(e.message.contains("expected )"), "{e}");
        let e = parse("a = 1 b = 2").unwrap_err();
        assert_eq!(e.offset, 6);
        let e = parse("a 1").unwrap_err();
        assert!(e.message.contains("expected a comparison"), "{e}");
        assert!(parse("").is_err());
        assert!(parse("a = \"open").is_err());
        assert!(parse("a ! 1").is_err());
        assert!(parse("a = 1 and").is_err());
    }

    fn depth(c: &Condition) -> usize {
        match c {
            Condition::Compare { .. } => 1,
            Condition::Not(inner) => 1 + depth(inner),
            Condition::And(a, b) | Condition::Or(a, b) => 1 + depth(a).max(depth(b)),
        }
    }

    #[test]
    fn nesting_is_bounded_with_a_message() {
        let ok = format!("{}a = 1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}a = 1{}", "(".repeat(4000), ")".repeat(4000));
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("more than 64 deep"), "{e}");
        assert_eq!(e.offset, MAX_DEPTH);
        let nots = format!("{}a = 1", "not ".repeat(MAX_DEPTH + 1));
        assert!(parse(&nots).unwrap_err().message.contains("64 deep"));
        let mixed = format!("{}a = 1{}", "not (".repeat(40), ")".repeat(40));
        assert!(parse(&mixed).unwrap_err().message.contains("64 deep"));
    }

    #[test]
    fn length_is_bounded_with_a_message() {
        let long = vec!["a = 1"; 20_925].join(" and ");
        let e = parse(&long).unwrap_err();
        assert!(e.message.contains("over the limit of 10000"), "{e}");
    }

    #[test]
    fn long_chains_are_balanced_and_keep_their_order() {
        let terms: Vec<String> = (0..700).map(|i| format!("c{i} = 1")).collect();
        let parsed = parse(&terms.join(" and ")).unwrap();
        assert!(depth(&parsed) <= 11, "depth {}", depth(&parsed));
        let names: Vec<String> = (0..700).map(|i| format!("c{i}")).collect();
        assert_eq!(parsed.names(), names);
        let three = parse("a = 1 and b = 2 and c = 3").unwrap();
        let expected = Condition::And(
            Box::new(Condition::And(
                Box::new(cmp("a", CompareOp::Equal, Literal::Number(dec!(1)))),
                Box::new(cmp("b", CompareOp::Equal, Literal::Number(dec!(2)))),
            )),
            Box::new(cmp("c", CompareOp::Equal, Literal::Number(dec!(3)))),
        );
        assert_eq!(three, expected);
    }
}
