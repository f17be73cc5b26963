//! A JSON Schema validator for exactly the subset of keywords Discord's OpenAPI
//! description uses.
//!
//! Why not the `jsonschema` crate: the subset is small (type, $ref, const, enum,
//! properties, required, additionalProperties, items, min/maxItems, uniqueItems,
//! min/maxLength, minimum/maximum, min/maxProperties, pattern, allOf/anyOf/oneOf),
//! a hand-written walker compiles in a second instead of pulling ~20 crates into
//! every test build on a 2-core machine, and it lets errors carry Discord's own
//! error codes (`BASE_TYPE_MAX_LENGTH`, ...) so the fake can answer an invalid
//! body the way Discord does. `format` is ignored, as the spec uses it for
//! hints (`int32`, `snowflake`) that `type`/`pattern` already enforce.
//!
//! OpenAPI 3.1 is JSON Schema 2020-12: keywords beside a `$ref` apply too, and
//! nullable fields are written `"type": ["string", "null"]` or
//! `"oneOf": [{"type": "null"}, {"$ref": ...}]`.

use serde_json::Value;

/// Each of the spec's patterns compiled once per test binary: compiling
/// one with Unicode classes (the command-name rule) takes milliseconds
/// unoptimised, and a command registration checks dozens of names.
fn compiled(pattern: &str) -> Result<regex::Regex, regex::Error> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock, PoisonError};
    static CACHE: OnceLock<Mutex<HashMap<String, regex::Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(re) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(pattern)
    {
        return Ok(re.clone());
    }
    let re = regex::Regex::new(pattern)?;
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(pattern.to_owned(), re.clone());
    Ok(re)
}

/// One way in which an instance fails its schema.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaError {
    /// Where in the instance, as keys and array indexes (`["embeds", "0", "description"]`).
    pub path: Vec<String>,
    /// The name of the innermost `components/schemas` entry being checked, if any.
    pub schema: Option<String>,
    /// Discord's error code for this kind of failure (`BASE_TYPE_MAX_LENGTH`, ...).
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}", self.path.join("/"))?;
        if let Some(schema) = &self.schema {
            write!(f, " (in {schema})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Validates instances against schemas that live in (or `$ref` into) `root`.
pub struct Validator<'a> {
    root: &'a Value,
}

impl<'a> Validator<'a> {
    pub fn new(root: &'a Value) -> Self {
        Self { root }
    }

    /// Every way `instance` fails `schema`; empty when it is valid.
    pub fn validate(&self, schema: &Value, instance: &Value) -> Vec<SchemaError> {
        let mut walk = Walk {
            root: self.root,
            path: Vec::new(),
            schema_name: None,
            errors: Vec::new(),
        };
        walk.check(schema, instance);
        walk.errors
    }

    /// Resolves a local reference such as `#/components/schemas/RichEmbed`.
    pub fn resolve(&self, reference: &str) -> Option<&'a Value> {
        self.root.pointer(reference.strip_prefix('#')?)
    }
}

struct Walk<'a> {
    root: &'a Value,
    path: Vec<String>,
    schema_name: Option<String>,
    errors: Vec<SchemaError>,
}

impl Walk<'_> {
    fn fail(&mut self, code: &'static str, message: String) {
        self.errors.push(SchemaError {
            path: self.path.clone(),
            schema: self.schema_name.clone(),
            code,
            message,
        });
    }

    /// Runs `f` one level deeper in the instance.
    fn at(&mut self, key: String, f: impl FnOnce(&mut Self)) {
        self.path.push(key);
        f(self);
        self.path.pop();
    }

    /// Validates against a sub-schema without recording its errors, for the
    /// combinators that need to try alternatives.
    fn trial(&self, schema: &Value, instance: &Value) -> Vec<SchemaError> {
        let mut walk = Walk {
            root: self.root,
            path: self.path.clone(),
            schema_name: self.schema_name.clone(),
            errors: Vec::new(),
        };
        walk.check(schema, instance);
        walk.errors
    }

    fn check(&mut self, schema: &Value, instance: &Value) {
        let Some(schema) = schema.as_object() else {
            // `true`/`false` schemas: only `false` rejects anything.
            if schema == &Value::Bool(false) {
                self.fail("BASE_TYPE_INVALID", "no value is allowed here".into());
            }
            return;
        };

        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let target = reference
                .strip_prefix('#')
                .and_then(|pointer| self.root.pointer(pointer));
            let Some(target) = target else {
                self.fail("SPEC", format!("unresolvable $ref {reference}"));
                return;
            };
            let name = reference.rsplit('/').next().map(str::to_owned);
            let outer = std::mem::replace(&mut self.schema_name, name);
            self.check(target, instance);
            self.schema_name = outer;
        }

        if let Some(types) = schema.get("type") {
            let allowed: Vec<&str> = match types {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !allowed.iter().any(|t| has_type(instance, t)) {
                let message = format!(
                    "expected {}, got {}",
                    allowed.join(" or "),
                    describe(instance)
                );
                self.fail("BASE_TYPE_INVALID", message);
                // Every other keyword would only repeat this error in other words.
                return;
            }
        }
        if let Some(expected) = schema.get("const") {
            if !json_eq(expected, instance) {
                self.fail("BASE_TYPE_CHOICES", format!("must be {expected}"));
            }
        }
        if let Some(Value::Array(choices)) = schema.get("enum") {
            if !choices.iter().any(|c| json_eq(c, instance)) {
                let listed: Vec<String> = choices.iter().map(Value::to_string).collect();
                let message = format!("must be one of ({}), got {instance}", listed.join(", "));
                self.fail("BASE_TYPE_CHOICES", message);
            }
        }

        match instance {
            Value::String(text) => self.check_string(schema, text),
            Value::Number(_) => self.check_number(schema, instance),
            Value::Array(items) => self.check_array(schema, items),
            Value::Object(map) => self.check_object(schema, map),
            Value::Null | Value::Bool(_) => {}
        }

        self.check_combinators(schema, instance);
    }

    fn check_string(&mut self, schema: &serde_json::Map<String, Value>, text: &str) {
        // JSON Schema (and Discord) count characters, not bytes.
        let length = text.chars().count() as u64;
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
            if length > max {
                let message = format!("must be {max} or fewer in length, is {length}");
                self.fail("BASE_TYPE_MAX_LENGTH", message);
            }
        }
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
            if length < min {
                let message = format!("must be {min} or more in length, is {length}");
                self.fail("BASE_TYPE_MIN_LENGTH", message);
            }
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            match compiled(pattern) {
                Ok(re) if !re.is_match(text) => self.fail(
                    "BASE_TYPE_INVALID",
                    format!("{text:?} does not match {pattern}"),
                ),
                Ok(_) => {}
                Err(err) => self.fail("SPEC", format!("bad pattern {pattern}: {err}")),
            }
        }
    }

    fn check_number(&mut self, schema: &serde_json::Map<String, Value>, number: &Value) {
        if let Some(max) = schema.get("maximum") {
            if compare(number, max) == Some(std::cmp::Ordering::Greater) {
                self.fail(
                    "NUMBER_TYPE_MAX",
                    format!("must be at most {max}, is {number}"),
                );
            }
        }
        if let Some(min) = schema.get("minimum") {
            if compare(number, min) == Some(std::cmp::Ordering::Less) {
                self.fail(
                    "NUMBER_TYPE_MIN",
                    format!("must be at least {min}, is {number}"),
                );
            }
        }
    }

    fn check_array(&mut self, schema: &serde_json::Map<String, Value>, items: &[Value]) {
        let count = items.len() as u64;
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
            if count > max {
                let message = format!("must have {max} or fewer items, has {count}");
                self.fail("BASE_TYPE_MAX_LENGTH", message);
            }
        }
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if count < min {
                let message = format!("must have {min} or more items, has {count}");
                self.fail("BASE_TYPE_MIN_LENGTH", message);
            }
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, item) in items.iter().enumerate() {
                if items[..i].iter().any(|earlier| json_eq(earlier, item)) {
                    self.fail(
                        "SET_TYPE_ALREADY_CONTAINS_VALUE",
                        format!("item {i} is a duplicate"),
                    );
                }
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                self.at(i.to_string(), |walk| walk.check(item_schema, item));
            }
        }
    }

    fn check_object(
        &mut self,
        schema: &serde_json::Map<String, Value>,
        map: &serde_json::Map<String, Value>,
    ) {
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(key) {
                    let key = key.to_owned();
                    self.at(key, |walk| {
                        walk.fail("BASE_TYPE_REQUIRED", "this field is required".into())
                    });
                }
            }
        }
        let count = map.len() as u64;
        if let Some(max) = schema.get("maxProperties").and_then(Value::as_u64) {
            if count > max {
                self.fail(
                    "BASE_TYPE_MAX_LENGTH",
                    format!("must have {max} or fewer keys"),
                );
            }
        }
        if let Some(min) = schema.get("minProperties").and_then(Value::as_u64) {
            if count < min {
                self.fail(
                    "BASE_TYPE_MIN_LENGTH",
                    format!("must have {min} or more keys"),
                );
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        for (key, value) in map {
            let declared = properties.and_then(|p| p.get(key));
            match (declared, additional) {
                (Some(property_schema), _) => {
                    self.at(key.clone(), |walk| walk.check(property_schema, value))
                }
                (None, Some(Value::Bool(false))) => self.at(key.clone(), |walk| {
                    walk.fail("UNKNOWN_FIELD", "is not a known field here".into())
                }),
                (None, Some(extra_schema)) => {
                    self.at(key.clone(), |walk| walk.check(extra_schema, value))
                }
                (None, None) => {}
            }
        }
    }

    fn check_combinators(&mut self, schema: &serde_json::Map<String, Value>, instance: &Value) {
        if let Some(Value::Array(all)) = schema.get("allOf") {
            for sub in all {
                self.check(sub, instance);
            }
        }
        if let Some(Value::Array(any)) = schema.get("anyOf") {
            let trials: Vec<_> = any.iter().map(|s| self.trial(s, instance)).collect();
            if !trials.iter().any(Vec::is_empty) {
                self.report_closest("anyOf", trials);
            }
        }
        if let Some(Value::Array(one)) = schema.get("oneOf") {
            let trials: Vec<_> = one.iter().map(|s| self.trial(s, instance)).collect();
            let matching: Vec<usize> = (0..trials.len())
                .filter(|&i| trials[i].is_empty())
                .collect();
            match matching.len() {
                1 => {}
                0 => self.report_closest("oneOf", trials),
                _ => self.fail(
                    "BASE_TYPE_INVALID",
                    format!("matches more than one oneOf alternative ({matching:?})"),
                ),
            }
        }
    }

    /// When no alternative matches, the useful errors are those of the
    /// alternative that got furthest into the instance (its errors sit deepest),
    /// as in Python jsonschema's `best_match`: for `oneOf: [null, RichEmbed]` and
    /// an embed with a long description, that is the RichEmbed branch.
    fn report_closest(&mut self, keyword: &str, trials: Vec<Vec<SchemaError>>) {
        let depth = |errors: &Vec<SchemaError>| errors.iter().map(|e| e.path.len()).min();
        let closest = trials
            .into_iter()
            .enumerate()
            .max_by(|(ia, a), (ib, b)| {
                (depth(a), std::cmp::Reverse(a.len()), std::cmp::Reverse(*ia)).cmp(&(
                    depth(b),
                    std::cmp::Reverse(b.len()),
                    std::cmp::Reverse(*ib),
                ))
            })
            .map(|(_, errors)| errors)
            .unwrap_or_default();
        if closest.is_empty() {
            self.fail(
                "BASE_TYPE_INVALID",
                format!("matches no {keyword} alternative"),
            );
        }
        self.errors.extend(closest);
    }
}

fn has_type(instance: &Value, name: &str) -> bool {
    match name {
        "null" => instance.is_null(),
        "boolean" => instance.is_boolean(),
        "string" => instance.is_string(),
        "array" => instance.is_array(),
        "object" => instance.is_object(),
        "number" => instance.is_number(),
        // JSON Schema counts 4.0 as an integer too.
        "integer" => {
            instance.is_i64()
                || instance.is_u64()
                || instance.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

fn describe(instance: &Value) -> String {
    match instance {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() > 40 => format!("a string of {} chars", s.len()),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Numbers compare exactly where both are integers: the spec's bounds include
/// ±2^63, which f64 cannot hold.
fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    let as_int = |v: &Value| v.as_i64().map(i128::from).or(v.as_u64().map(i128::from));
    match (as_int(a), as_int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// Equality as JSON Schema defines it: 1 and 1.0 are the same number.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => compare(a, b) == Some(std::cmp::Ordering::Equal),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}
