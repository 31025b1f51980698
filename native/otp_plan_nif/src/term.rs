//! One generic conversion from plain Elixir data to a JSON value.
//!
//! rustler's `serde` feature is experimental (plain maps fail, bad input
//! panics), and the core only needs JSON-shaped data, so we walk the term
//! ourselves and name the path of anything we cannot represent.
//!
//! The walk keeps its own stack instead of recursing: it runs on a dirty
//! scheduler thread, whose stack is small, and the nesting is the caller's.
//! Nesting deeper than [`otp_plan_core::MAX_DEPTH`] is refused, so what the
//! core receives is bounded too.

use rustler::{MapIterator, Term, TermType};
use serde_json::{Map, Number, Value};

use otp_plan_core::MAX_DEPTH;

pub fn to_value(term: Term) -> Result<Value, String> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut next = term;
    loop {
        let mut done = match open(next, &stack)? {
            Node::Leaf(value) => Some(value),
            Node::Open(frame) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "cannot pass data nested deeper than {MAX_DEPTH} levels to otp_plan (at {}): \
                         about {} nested supervisors; please report it if your project has more",
                        path(&stack),
                        MAX_DEPTH / 2
                    ));
                }
                stack.push(frame);
                None
            }
        };
        // Hand what is done to its parent and find the next term to convert.
        loop {
            let Some((top, parents)) = stack.split_last_mut() else {
                return Ok(done.expect("the root is converted"));
            };
            if let Some(value) = done.take() {
                top.push(value);
            }
            match top.next_child(parents)? {
                Some(child) => {
                    next = child;
                    break;
                }
                None => done = Some(stack.pop().expect("not empty").finish()),
            }
        }
    }
}

enum Node<'a> {
    Leaf(Value),
    Open(Frame<'a>),
}

/// A list, tuple or map whose children are being converted.
enum Frame<'a> {
    Seq {
        items: Term<'a>,
        values: Vec<Value>,
    },
    Map {
        // Boxed: the iterator is ~300 bytes, the other frames ~50.
        entries: Box<MapIterator<'a>>,
        map: Map<String, Value>,
        key: String,
    },
    Tuple {
        items: std::vec::IntoIter<Term<'a>>,
        values: Vec<Value>,
    },
}

impl<'a> Frame<'a> {
    /// The next child to convert, or None when every child is done.
    fn next_child(&mut self, parents: &[Frame]) -> Result<Option<Term<'a>>, String> {
        match self {
            Frame::Seq { items, .. } => {
                if items.is_empty_list() {
                    return Ok(None);
                }
                // `open` checked that the list is proper.
                let (head, tail) = items.list_get_cell().expect("a proper list");
                *items = tail;
                Ok(Some(head))
            }
            Frame::Tuple { items, .. } => Ok(items.next()),
            Frame::Map { entries, key, .. } => {
                let Some((k, value)) = entries.next() else {
                    return Ok(None);
                };
                *key = match k.get_type() {
                    TermType::Atom => match atom(k)? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    },
                    TermType::Binary => k
                        .decode::<String>()
                        .map_err(|_| unsupported(parents, "a map key that is not UTF-8"))?,
                    _ => {
                        return Err(unsupported(
                            parents,
                            "a map key that is not an atom or string",
                        ))
                    }
                };
                Ok(Some(value))
            }
        }
    }

    fn push(&mut self, value: Value) {
        match self {
            Frame::Seq { values, .. } | Frame::Tuple { values, .. } => values.push(value),
            Frame::Map { map, key, .. } => {
                map.insert(std::mem::take(key), value);
            }
        }
    }

    fn finish(self) -> Value {
        match self {
            Frame::Seq { values, .. } | Frame::Tuple { values, .. } => Value::Array(values),
            Frame::Map { map, .. } => Value::Object(map),
        }
    }

    /// This frame's part of the path of the child being converted.
    fn position(&self) -> String {
        match self {
            Frame::Seq { values, .. } | Frame::Tuple { values, .. } => values.len().to_string(),
            Frame::Map { key, .. } => key.clone(),
        }
    }
}

fn open<'a>(term: Term<'a>, stack: &[Frame]) -> Result<Node<'a>, String> {
    let leaf = |value| Ok(Node::Leaf(value));
    match term.get_type() {
        TermType::Atom => leaf(atom(term)?),
        TermType::Binary => match term.decode::<String>() {
            Ok(s) => leaf(Value::String(s)),
            Err(_) => Err(unsupported(stack, "a binary that is not UTF-8")),
        },
        TermType::Integer => match term.decode::<i64>() {
            Ok(n) => leaf(Value::from(n)),
            Err(_) => Err(unsupported(stack, "an integer outside 64 bits")),
        },
        TermType::Float => {
            let float: f64 = term.decode().map_err(|_| unsupported(stack, "a float"))?;
            match Number::from_f64(float) {
                Some(n) => leaf(Value::Number(n)),
                None => Err(unsupported(stack, "a non-finite float")),
            }
        }
        TermType::List => {
            // enif_get_list_length fails on an improper list; rustler's list
            // iterator would panic on one instead.
            let length = term
                .list_length()
                .map_err(|_| unsupported(stack, "an improper list"))?;
            Ok(Node::Open(Frame::Seq {
                items: term,
                values: Vec::with_capacity(length),
            }))
        }
        TermType::Tuple => {
            let items = rustler::types::tuple::get_tuple(term)
                .map_err(|_| unsupported(stack, "a tuple"))?;
            Ok(Node::Open(Frame::Tuple {
                values: Vec::with_capacity(items.len()),
                items: items.into_iter(),
            }))
        }
        TermType::Map => Ok(Node::Open(Frame::Map {
            entries: Box::new(
                term.decode::<MapIterator>()
                    .map_err(|_| unsupported(stack, "a map"))?,
            ),
            map: Map::new(),
            key: String::new(),
        })),
        TermType::Fun => Err(unsupported(stack, "a function")),
        TermType::Pid => Err(unsupported(stack, "a pid")),
        TermType::Port => Err(unsupported(stack, "a port")),
        TermType::Ref => Err(unsupported(stack, "a reference")),
        TermType::Unknown => Err(unsupported(stack, "an unknown term")),
    }
}

fn atom(term: Term) -> Result<Value, String> {
    let name = term
        .atom_to_string()
        .map_err(|_| "unreadable atom".to_string())?;
    Ok(match name.as_str() {
        "nil" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(name.strip_prefix("Elixir.").unwrap_or(&name).to_string()),
    })
}

/// The path of the term being converted, e.g. `facts.deps.0`; a deep one
/// keeps its first steps.
fn path(stack: &[Frame]) -> String {
    const SHOWN: usize = 8;
    if stack.is_empty() {
        return "input".to_string();
    }
    let mut path: Vec<String> = stack.iter().take(SHOWN).map(Frame::position).collect();
    if stack.len() > SHOWN {
        path.push(format!("… ({} levels)", stack.len()));
    }
    path.join(".")
}

fn unsupported(stack: &[Frame], what: &str) -> String {
    format!(
        "cannot pass {what} to otp_plan (at {}): use maps, lists, strings, atoms and numbers",
        path(stack)
    )
}
