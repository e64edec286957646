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
        let mut left = self.and()?;
        while self.keyword("or") {
            let right = self.and()?;
            left = Condition::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Condition, ParseError> {
        let mut left = self.not()?;
        while self.keyword("and") {
            let right = self.not()?;
            left = Condition::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Condition, ParseError> {
        if self.keyword("not") {
            return Ok(Condition::Not(Box::new(self.not()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Condition, ParseError> {
        match self.peek().cloned() {
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return self.error("expected )");
                }
                self.pos += 1;
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

fn is_keyword(word: &str) -> bool {
    ["and", "or", "not"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
}

/// Parses a condition such as `faculty_quality <= 2 or mentorship = no`.
pub fn parse(text: &str) -> Result<Condition, ParseError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        end: text.chars().count(),
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
}
