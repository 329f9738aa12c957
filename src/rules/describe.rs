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
    let lead = if atom.is_lint() { "files matching" } else { "a file matching" };
    let mut s = format!("{lead} {}", code_list(&atom.paths));
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
        s.push_str(&format!(" must not match `{re}`"));
        if let Some(allow) = &atom.allow {
            s.push_str(&format!(" unless the match is `{allow}`"));
        }
        s.push_str(" (each match is a finding)");
    }
    if !atom.require.is_empty() {
        let mut sections = match &atom.split {
            Some(split) => format!(": every section starting at a line matching `{split}`"),
            None => ": the whole file".to_string(),
        };
        if let Some(when) = &atom.when {
            sections.push_str(&format!(" that has a line matching `{when}`"));
        }
        if atom.last {
            sections.push_str(" (only the last such section)");
        }
        s.push_str(&format!(
            "{sections} must have lines matching {} (each one missing is a finding)",
            code_list_and(&atom.require)
        ));
    }
    if atom.redact {
        s.push_str("; matches are secrets and are shown masked");
    }
    s
}

fn code_list_and(items: &[String]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(" and ")
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
        let probes = Atom {
            paths: vec!["**/*.yaml".into()],
            split: Some("^---".into()),
            when: Some("^kind: Deployment".into()),
            require: vec!["livenessProbe:".into(), "readinessProbe:".into()],
            ..Atom::default()
        };
        assert_eq!(
            describe_atom(&probes),
            "files matching `**/*.yaml`: every section starting at a line matching `^---` that has a line matching \
             `^kind: Deployment` must have lines matching `livenessProbe:` and `readinessProbe:` (each one missing is a finding)"
        );
        assert_eq!(
            describe_check(&check, &atoms),
            "any of:\n  a file matching `LICENSE*` or `COPYING`\n  all of:\n    a file matching `Cargo.toml` with a line matching `^license`\n    none of:\n      files matching `**/*.py` (except `tests/**`) must not match `debug=True` (each match is a finding)\n"
        );
    }
}
