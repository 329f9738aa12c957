//! Checks in words, for `readiness explain` and the generated rule reference.

use super::{Atom, Check};

/// A check as an indented, readable outline, one line per atom.
pub fn describe_check(check: &Check, atoms: &[Atom]) -> String {
    let mut out = String::new();
    outline(check, atoms, 0, &mut out);
    out
}

fn outline(check: &Check, atoms: &[Atom], depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    match check {
        Check::Atom(a) => {
            out.push_str(&indent);
            out.push_str(&describe_atom(&atoms[*a]));
            out.push('\n');
        }
        Check::Any(children) | Check::All(children) => {
            let head = if matches!(check, Check::Any(_)) { "any of:" } else { "all of:" };
            out.push_str(&format!("{indent}{head}\n"));
            for child in children {
                outline(child, atoms, depth + 1, out);
            }
        }
        Check::Not(child) => {
            out.push_str(&format!("{indent}none of:\n"));
            outline(child, atoms, depth + 1, out);
        }
    }
}

/// One atom as a phrase: "a file matching `README*` with a line matching `...`".
pub fn describe_atom(atom: &Atom) -> String {
    let mut s = format!(
        "{} {}",
        if atom.forbid.is_some() { "files matching" } else { "a file matching" },
        code_list(&atom.paths)
    );
    if !atom.exclude.is_empty() {
        s.push_str(&format!(" (except {})", code_list(&atom.exclude)));
    }
    if atom.case_sensitive {
        s.push_str(" (case-sensitive)");
    }
    if let Some(n) = atom.min_lines {
        let plural = if n == 1 { "" } else { "s" };
        s.push_str(&format!(" with at least {n} non-empty line{plural}"));
    }
    if let Some(re) = &atom.contains {
        let joiner = if atom.min_lines.is_some() { " and" } else { "" };
        s.push_str(&format!("{joiner} with a line matching `{re}`"));
    }
    if let Some(re) = &atom.forbid {
        s.push_str(&format!(" must not match `{re}` (each match is a finding)"));
    }
    s
}

fn code_list(items: &[String]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_nested_checks() {
        let atoms = vec![
            Atom { paths: vec!["LICENSE*".into(), "COPYING".into()], ..Atom::default() },
            Atom { paths: vec!["Cargo.toml".into()], contains: Some("^license".into()), ..Atom::default() },
            Atom {
                paths: vec!["**/*.py".into()],
                exclude: vec!["tests/**".into()],
                forbid: Some("debug=True".into()),
                ..Atom::default()
            },
        ];
        let check =
            Check::Any(vec![Check::Atom(0), Check::All(vec![Check::Atom(1), Check::Not(Box::new(Check::Atom(2)))])]);
        assert_eq!(
            describe_check(&check, &atoms),
            "any of:\n  a file matching `LICENSE*` or `COPYING`\n  all of:\n    a file matching `Cargo.toml` with a line matching `^license`\n    none of:\n      files matching `**/*.py` (except `tests/**`) must not match `debug=True` (each match is a finding)\n"
        );
    }
}
