//! The Fluent catalogs, compiled in from `locales/{locale}/{area}.ftl`.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

use super::html::Simple;
use super::{Arg, Locale};

type FastMap<K, V> = foldhash::HashMap<K, V>;

/// The catalog areas, one `.ftl` file per area and locale.
macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        /// `(locale, area, source)` of every catalog file.
        const SOURCES: &[(Locale, &str, &str)] = &[
            $((Locale::En, $area, include_str!(concat!("../../locales/en/", $area, ".ftl"))),)*
            $((Locale::Fr, $area, include_str!(concat!("../../locales/fr/", $area, ".ftl"))),)*
            $((Locale::De, $area, include_str!(concat!("../../locales/de/", $area, ".ftl"))),)*
            $((Locale::Pt, $area, include_str!(concat!("../../locales/pt/", $area, ".ftl"))),)*
        ];
    };
}

areas!(
    "common",
    "search",
    "property",
    "calendar",
    "draft",
    "confirmation",
    "errors",
    "account",
    "handoff",
    "fields",
    "mail",
    "manage"
);

pub struct Catalog {
    /// One bundle per locale, in [`Locale::ALL`] order.
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Messages without placeables, formatted once, per locale.
    /// (The lookups hash with foldhash: a page makes dozens, and std's SipHash
    /// cost about 200 instructions per key; the keys are the catalogs' own.)
    /// Each is kept in its two HTML-escaped forms too, so that a page copies
    /// them instead of escaping the same text on every request.
    simple: Vec<FastMap<String, Simple>>,
    /// Messages with arguments, compiled for [`render`], per locale.
    compiled: Vec<FastMap<String, Compiled>>,
    /// Each locale's cardinal plural rules, the ones its bundle selects with.
    plurals: Vec<PluralRules>,
    /// The `$variables` of every message, per locale.
    variables: Vec<HashMap<String, BTreeSet<String>>>,
    /// Problems found loading the catalogs; empty when they are sound.
    errors: Vec<String>,
}

/// The catalogs, parsed on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);
    &CATALOG
}

fn index(locale: Locale) -> usize {
    Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)
}

impl Catalog {
    fn load() -> Self {
        let mut errors = Vec::new();
        let mut bundles = Vec::new();
        let mut simple = Vec::new();
        let mut variables = Vec::new();
        let mut compiled = Vec::new();
        let mut plurals = Vec::new();
        for locale in Locale::ALL {
            let langid: unic_langid::LanguageIdentifier = locale.as_str().parse().expect("the locale tags are valid");
            plurals.push(
                PluralRules::create(langid.clone(), PluralRuleType::CARDINAL).expect("plural rules for every locale"),
            );
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Placeables land in HTML that is escaped anyway; isolation marks
            // would only show up as stray characters in text and e-mails.
            bundle.set_use_isolating(false);
            let mut vars = HashMap::new();
            for (_, area, source) in SOURCES.iter().filter(|(l, _, _)| *l == locale) {
                let resource = match FluentResource::try_new((*source).to_owned()) {
                    Ok(r) => r,
                    Err((r, errs)) => {
                        errors.extend(errs.iter().map(|e| format!("{locale}/{area}.ftl: {e:?}")));
                        r
                    }
                };
                collect_variables(source, &mut vars);
                if let Err(errs) = bundle.add_resource(resource) {
                    errors.extend(errs.iter().map(|e| format!("{locale}/{area}.ftl: {e}")));
                }
            }
            let mut texts = FastMap::default();
            let mut parts = FastMap::default();
            for (key, used) in &vars {
                let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else { continue };
                if !used.is_empty() {
                    if let Some(c) = Compiled::new(pattern) {
                        parts.insert(key.clone(), c);
                    }
                    continue;
                }
                let mut errs = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errs).into_owned();
                errors.extend(errs.iter().map(|e| format!("{locale}: {key}: {e}")));
                texts.insert(key.clone(), Simple::new(text));
            }
            bundles.push(bundle);
            simple.push(texts);
            compiled.push(parts);
            variables.push(vars);
        }
        Self { bundles, simple, compiled, plurals, variables, errors }
    }

    /// A message without arguments; the key itself when it is missing.
    pub fn simple<'a>(&'static self, locale: Locale, key: &'a str) -> &'a str {
        match self.simple_entry(locale, key) {
            Some(simple) => &simple.text,
            None => key,
        }
    }

    /// A message without arguments as a template writes it, escaped once at
    /// load: for text (`text`, as the `text` filter escapes) or as askama
    /// escapes a value; the key, escaped, when it is missing.
    pub fn simple_html<'a>(&'static self, locale: Locale, key: &'a str, text: bool) -> Cow<'a, str> {
        match self.simple_entry(locale, key) {
            Some(simple) if text => Cow::Borrowed(&simple.text_html),
            Some(simple) => Cow::Borrowed(&simple.html),
            None if text => Cow::Owned(super::html::escape_text(key)),
            None => Cow::Owned(
                askama::filters::escape(key, askama::filters::Html).map(|s| s.to_string()).unwrap_or_default(),
            ),
        }
    }

    fn simple_entry(&'static self, locale: Locale, key: &str) -> Option<&'static Simple> {
        let found = self.simple[index(locale)].get(key);
        if found.is_none() {
            tracing::warn!(locale = locale.as_str(), key, "missing or parameterised message used as simple");
        }
        found
    }

    /// A message with arguments; the key itself when it is missing.
    ///
    /// Compiled messages are rendered directly when every argument they use is
    /// given (and numbers are exact as `f64`, as Fluent holds them); anything
    /// else goes through Fluent, which also reports what is wrong.
    pub fn format(&self, locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
        let i = index(locale);
        if let Some(c) = self.compiled[i].get(key) {
            let mut out = String::with_capacity(c.capacity(args));
            if render(&c.parts, args, &self.plurals[i], &mut out).is_some() {
                return out;
            }
        }
        self.format_fluent(locale, key, args)
    }

    /// [`Catalog::format`] through Fluent's `format_pattern`, always.
    fn format_fluent(&self, locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
        let bundle = &self.bundles[index(locale)];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(locale = locale.as_str(), key, "missing message");
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Int(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
            }
        }
        let mut errs = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errs).into_owned();
        if !errs.is_empty() {
            tracing::warn!(locale = locale.as_str(), key, "message formatted with errors");
        }
        text
    }

    /// Problems found loading the catalogs (syntax errors, duplicate keys).
    pub fn load_errors(&self) -> &[String] {
        &self.errors
    }

    /// Every message key of a locale.
    pub fn keys(&self, locale: Locale) -> BTreeSet<&str> {
        self.variables[index(locale)].keys().map(String::as_str).collect()
    }

    /// The `$variables` a message uses, for checking translations agree.
    pub fn variables(&self, locale: Locale, key: &str) -> Option<&BTreeSet<String>> {
        self.variables[index(locale)].get(key)
    }
}

/// A message that is only text, `{ $var }` placeables and selections on a
/// variable with named keys (`[one]`, `[first]`…), compiled at load so that
/// formatting it pushes `str`s into one `String` instead of resolving the
/// Fluent AST with `FluentArgs` (and locking the bundle's memoizer for the
/// plural rules). Anything else is left to Fluent.
#[derive(Debug)]
struct Compiled {
    parts: Box<[Part]>,
    /// The longest text a variant path can write, to size the output.
    text_len: usize,
}

#[derive(Debug)]
enum Part {
    Text(Box<str>),
    Var(Box<str>),
    Select { var: Box<str>, variants: Box<[Variant]>, default: usize },
}

#[derive(Debug)]
struct Variant {
    key: Box<str>,
    /// The key as a plural category, when it names one.
    plural: Option<PluralCategory>,
    parts: Box<[Part]>,
}

/// Fluent stops resolving a message after this many placeables.
const MAX_PLACEABLES: usize = 100;

/// `i64`s beyond this are not exact as the `f64` Fluent turns them into.
const EXACT_F64: i64 = 1 << 53;

impl Compiled {
    fn new(pattern: &ast::Pattern<&str>) -> Option<Self> {
        let mut placeables = 0;
        let parts = compile(pattern, &mut placeables)?;
        (placeables <= MAX_PLACEABLES).then(|| Self { text_len: text_len(&parts), parts })
    }

    fn capacity(&self, args: &[(&str, Arg)]) -> usize {
        self.text_len
            + args
                .iter()
                .map(|(_, a)| match a {
                    Arg::Int(_) => 20,
                    Arg::Text(s) => s.len(),
                })
                .sum::<usize>()
    }
}

fn compile(pattern: &ast::Pattern<&str>, placeables: &mut usize) -> Option<Box<[Part]>> {
    use ast::{Expression, InlineExpression, PatternElement, VariantKey};
    let mut parts: Vec<Part> = Vec::with_capacity(pattern.elements.len());
    for element in &pattern.elements {
        let part = match element {
            PatternElement::TextElement { value } => Part::Text((*value).into()),
            PatternElement::Placeable { expression } => {
                *placeables += 1;
                match expression {
                    Expression::Inline(InlineExpression::VariableReference { id }) => Part::Var(id.name.into()),
                    Expression::Select { selector: InlineExpression::VariableReference { id }, variants } => {
                        let mut compiled = Vec::with_capacity(variants.len());
                        for v in variants {
                            let VariantKey::Identifier { name } = v.key else { return None };
                            compiled.push(Variant {
                                key: name.into(),
                                plural: plural_category(name),
                                parts: compile(&v.value, placeables)?,
                            });
                        }
                        let default = variants.iter().position(|v| v.default)?;
                        Part::Select { var: id.name.into(), variants: compiled.into(), default }
                    }
                    _ => return None,
                }
            }
        };
        // Adjacent text (a multi-line message's lines) becomes one part.
        match (parts.last_mut(), part) {
            (Some(Part::Text(prev)), Part::Text(next)) => *prev = format!("{prev}{next}").into(),
            (_, part) => parts.push(part),
        }
    }
    Some(parts.into())
}

fn text_len(parts: &[Part]) -> usize {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.len(),
            Part::Var(_) => 0,
            Part::Select { variants, .. } => variants.iter().map(|v| text_len(&v.parts)).max().unwrap_or(0),
        })
        .sum()
}

/// The plural category a variant key names, as Fluent reads it.
fn plural_category(key: &str) -> Option<PluralCategory> {
    Some(match key {
        "zero" => PluralCategory::ZERO,
        "one" => PluralCategory::ONE,
        "two" => PluralCategory::TWO,
        "few" => PluralCategory::FEW,
        "many" => PluralCategory::MANY,
        "other" => PluralCategory::OTHER,
        _ => return None,
    })
}

/// The value of argument `name`; the last one wins, as in `FluentArgs::set`.
fn arg<'a>(args: &'a [(&str, Arg)], name: &str) -> Option<&'a Arg> {
    args.iter().rev().find(|(n, _)| *n == name).map(|(_, a)| a)
}

/// Writes `parts` as Fluent's `format_pattern` would (without isolation
/// marks); `None` when an argument is missing or a number is not exact, which
/// the caller leaves to Fluent.
fn render(parts: &[Part], args: &[(&str, Arg)], plurals: &PluralRules, out: &mut String) -> Option<()> {
    use std::fmt::Write;
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Var(name) => match arg(args, name)? {
                Arg::Int(n) if n.unsigned_abs() <= EXACT_F64 as u64 => write!(out, "{n}").ok()?,
                Arg::Int(_) => return None,
                Arg::Text(s) => out.push_str(s),
            },
            Part::Select { var, variants, default } => {
                // Fluent's matching: a text selector equals a key; a number is
                // in the plural category a key names (numeric keys are not compiled).
                let chosen = match arg(args, var)? {
                    Arg::Int(n) if n.unsigned_abs() <= EXACT_F64 as u64 => {
                        let category = plurals.select(*n).ok()?;
                        variants.iter().position(|v| v.plural.as_ref() == Some(&category))
                    }
                    Arg::Int(_) => return None,
                    Arg::Text(s) => variants.iter().position(|v| *v.key == **s),
                };
                render(&variants[chosen.unwrap_or(*default)].parts, args, plurals, out)?;
            }
        }
    }
    Some(())
}

/// Records every message of `source` with the variables its value uses.
fn collect_variables(source: &str, out: &mut HashMap<String, BTreeSet<String>>) {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            InlineExpression::Placeable { expression } => expr(expression, out),
            InlineExpression::FunctionReference { arguments, .. } => {
                arguments.positional.iter().for_each(|a| inline(a, out));
                arguments.named.iter().for_each(|a| inline(&a.value, out));
            }
            _ => {}
        }
    }
    fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                variants.iter().for_each(|v| pattern(&v.value, out));
            }
        }
    }
    fn pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let PatternElement::Placeable { expression } = element {
                expr(expression, out);
            }
        }
    }

    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    for entry in &resource.body {
        if let Entry::Message(m) = entry {
            let used = out.entry(m.id.name.to_owned()).or_default();
            if let Some(p) = &m.value {
                pattern(p, used);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a message's selections, as text arguments to try.
    fn select_keys(parts: &[Part], out: &mut BTreeSet<String>) {
        for part in parts {
            if let Part::Select { variants, .. } = part {
                for v in variants {
                    out.insert(v.key.to_string());
                    select_keys(&v.parts, out);
                }
            }
        }
    }

    /// Every parameterised message of every locale is compiled, and renders
    /// exactly what Fluent's `format_pattern` renders, for numbers around the
    /// plural boundaries of the four languages, text, and each selection key.
    #[test]
    fn compiled_messages_render_as_fluent_does() {
        let catalog = catalog();
        let ints = [0, 1, 2, 3, 5, 11, 21, 22, 100, 101, 1_000_000, -1, -2];
        let mut checked = 0;
        for locale in Locale::ALL {
            for key in catalog.keys(locale) {
                let vars = catalog.variables(locale, key).expect("listed keys have variables");
                if vars.is_empty() {
                    continue;
                }
                let compiled = catalog.compiled[index(locale)]
                    .get(key)
                    .unwrap_or_else(|| panic!("{locale}: {key} is not compiled"));
                let mut texts = BTreeSet::from(["X".to_owned(), String::new(), "1".to_owned()]);
                select_keys(&compiled.parts, &mut texts);
                let mut values: Vec<Arg> = ints.iter().map(|n| Arg::Int(*n)).collect();
                values.extend(texts.into_iter().map(Arg::Text));
                // Every combination of values for the message's variables.
                let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
                let mut combo = vec![0; vars.len()];
                loop {
                    let args: Vec<(&str, Arg)> =
                        vars.iter().zip(&combo).map(|(name, i)| (*name, values[*i].clone())).collect();
                    let fast = catalog.format(locale, key, &args);
                    let fluent = catalog.format_fluent(locale, key, &args);
                    assert_eq!(fast, fluent, "{locale}: {key} with {args:?}");
                    let mut out = String::new();
                    assert!(
                        render(&compiled.parts, &args, &catalog.plurals[index(locale)], &mut out).is_some(),
                        "{locale}: {key} with {args:?} fell back to Fluent"
                    );
                    checked += 1;
                    let Some(pos) = combo.iter().position(|i| *i + 1 < values.len()) else { break };
                    combo[pos] += 1;
                    combo[..pos].iter_mut().for_each(|i| *i = 0);
                }
            }
        }
        assert!(checked > 1000, "only {checked} renderings checked");
    }

    /// Every message without arguments, in every locale, is written by
    /// `t.text` and `t.html` exactly as escaping `t.get`'s text on each page
    /// wrote it (the `text` filter, and askama's own escaping); so is a
    /// missing key.
    #[test]
    fn simple_messages_are_pre_escaped_as_the_templates_escaped_them() {
        let catalog = catalog();
        let askama = |s: &str| askama::filters::escape(s, askama::filters::Html).unwrap().to_string();
        let mut checked = 0;
        for locale in Locale::ALL {
            let t = crate::i18n::Tr::new(locale);
            for key in catalog.keys(locale).into_iter().chain(["no-such-<key>"]) {
                let text = t.get(key);
                assert_eq!(t.text(key).0, crate::i18n::html::escape_text(text), "{locale}: {key}");
                assert_eq!(t.html(key).0, askama(text), "{locale}: {key}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "only {checked} messages checked");
    }

    /// What the fast path leaves to Fluent still comes out as Fluent has it.
    #[test]
    fn missing_arguments_and_huge_numbers_go_through_fluent() {
        let catalog = catalog();
        for args in [vec![], vec![("count", Arg::Int(i64::MAX))], vec![("other", Arg::Int(2))]] {
            assert_eq!(
                catalog.format(Locale::Fr, "stay-nights", &args),
                catalog.format_fluent(Locale::Fr, "stay-nights", &args)
            );
        }
        assert_eq!(catalog.format(Locale::En, "stay-nights", &[("count", Arg::Int(1))]), "1 night");
        assert_eq!(catalog.format(Locale::En, "no-such-message", &[("count", Arg::Int(1))]), "no-such-message");
    }
}
