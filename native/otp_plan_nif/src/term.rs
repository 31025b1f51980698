//! One generic conversion from plain Elixir data to a JSON value.
//!
//! rustler's `serde` feature is experimental (plain maps fail, bad input
//! panics), and the core only needs JSON-shaped data, so we walk the term
//! ourselves and name the path of anything we cannot represent.

use rustler::{Term, TermType};
use serde_json::{Map, Number, Value};

pub fn to_value(term: Term) -> Result<Value, String> {
    convert(term, &mut Vec::new())
}

fn convert(term: Term, path: &mut Vec<String>) -> Result<Value, String> {
    match term.get_type() {
        TermType::Atom => Ok(atom(term)?),
        TermType::Binary => term
            .decode::<String>()
            .map(Value::String)
            .map_err(|_| unsupported(path, "a binary that is not UTF-8")),
        TermType::Integer => term
            .decode::<i64>()
            .map(Value::from)
            .map_err(|_| unsupported(path, "an integer outside 64 bits")),
        TermType::Float => {
            let float: f64 = term.decode().map_err(|_| unsupported(path, "a float"))?;
            Number::from_f64(float)
                .map(Value::Number)
                .ok_or_else(|| unsupported(path, "a non-finite float"))
        }
        TermType::List => {
            let items: Vec<Term> = term
                .decode()
                .map_err(|_| unsupported(path, "an improper list"))?;
            sequence(items, path)
        }
        TermType::Tuple => {
            let items =
                rustler::types::tuple::get_tuple(term).map_err(|_| unsupported(path, "a tuple"))?;
            sequence(items, path)
        }
        TermType::Map => {
            let mut map = Map::new();
            for (key, value) in term
                .decode::<rustler::MapIterator>()
                .map_err(|_| unsupported(path, "a map"))?
            {
                let key = match key.get_type() {
                    TermType::Atom | TermType::Binary => match convert(key, path)? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    },
                    _ => return Err(unsupported(path, "a map key that is not an atom or string")),
                };
                path.push(key.clone());
                let value = convert(value, path)?;
                path.pop();
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
        TermType::Fun => Err(unsupported(path, "a function")),
        TermType::Pid => Err(unsupported(path, "a pid")),
        TermType::Port => Err(unsupported(path, "a port")),
        TermType::Ref => Err(unsupported(path, "a reference")),
        TermType::Unknown => Err(unsupported(path, "an unknown term")),
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

fn sequence(items: Vec<Term>, path: &mut Vec<String>) -> Result<Value, String> {
    let mut values = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        path.push(index.to_string());
        values.push(convert(item, path)?);
        path.pop();
    }
    Ok(Value::Array(values))
}

fn unsupported(path: &[String], what: &str) -> String {
    let at = if path.is_empty() {
        "input".to_string()
    } else {
        path.join(".")
    };
    format!("cannot pass {what} to otp_plan (at {at}): use maps, lists, strings, atoms and numbers")
}
