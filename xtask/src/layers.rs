//! The import check: no top-level module of `server`, `sandbox` or `api` imports one that
//! imports it back, directly or through others. It runs as this crate's unit test, so the
//! native test step of `cargo xtask test` (`cargo test --workspace --exclude wct-pos`) fails
//! on a new circle.
//!
//! A module is a file `src/x.rs` or a folder `src/x/` (everything under it); `lib.rs` and
//! `main.rs` are the wiring and may name anything. An edge `a -> b` is any `crate::b` path in
//! a file of `a` (a `use crate::{b::X, c}` group counts each name), comments left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module name -> the top-level modules it names through `crate::`.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// The graph of a crate's `src/` folder.
pub fn crate_graph(src: &Path) -> std::io::Result<Graph> {
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(src)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if path.is_dir() {
            let mut stack = vec![path.clone()];
            while let Some(dir) = stack.pop() {
                for inner in std::fs::read_dir(&dir)? {
                    let inner = inner?.path();
                    if inner.is_dir() {
                        stack.push(inner);
                    } else if inner.extension().is_some_and(|e| e == "rs") {
                        files.push((name.clone(), std::fs::read_to_string(&inner)?));
                    }
                }
            }
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if stem != "lib" && stem != "main" {
                files.push((stem.to_owned(), std::fs::read_to_string(&path)?));
            }
        }
    }
    let mut graph = Graph::new();
    for (module, text) in &files {
        let targets = graph.entry(module.clone()).or_default();
        for target in crate_paths(text) {
            if &target != module {
                targets.insert(target);
            }
        }
    }
    // Only edges to modules of this crate (not `crate::SomeReExport` of lib.rs).
    let names: BTreeSet<String> = graph.keys().cloned().collect();
    for targets in graph.values_mut() {
        targets.retain(|t| names.contains(t));
    }
    Ok(graph)
}

/// The first segment after each `crate::` in `text`, comments removed.
pub fn crate_paths(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `wct_api_crate::`
        }
        let trimmed = rest.trim_start();
        if let Some(group) = trimmed.strip_prefix('{') {
            // The names at depth one of the group.
            let mut depth = 1;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => item_start = true,
                    c if item_start && depth == 1 && !c.is_whitespace() => {
                        item_start = false;
                        out.insert(ident(&group[i..]));
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(trimmed));
        }
    }
    out.retain(|name| !name.is_empty() && name != "self");
    out
}

fn ident(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// One circle of the graph, as `a -> b -> … -> a`, if there is any.
pub fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    // Depth-first search with colours: 1 on the stack, 2 done.
    fn visit<'g>(
        node: &'g str,
        graph: &'g Graph,
        colour: &mut BTreeMap<&'g str, u8>,
        stack: &mut Vec<&'g str>,
    ) -> Option<Vec<String>> {
        colour.insert(node, 1);
        stack.push(node);
        for next in graph.get(node).into_iter().flatten() {
            match colour.get(next.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|n| *n == next).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        stack[from..].iter().map(|n| n.to_string()).collect();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, colour, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        colour.insert(node, 2);
        None
    }
    let mut colour = BTreeMap::new();
    for node in graph.keys() {
        if !colour.contains_key(node.as_str()) {
            if let Some(cycle) = visit(node, graph, &mut colour, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &str)]) -> Graph {
        let mut graph = Graph::new();
        for (a, b) in edges {
            graph
                .entry(a.to_string())
                .or_default()
                .insert(b.to_string());
            graph.entry(b.to_string()).or_default();
        }
        graph
    }

    fn check(krate: &str) {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(krate)
            .join("src");
        let graph = crate_graph(&src).expect("reading the crate's src/");
        assert!(graph.len() > 3, "{krate}: too few modules found in {src:?}");
        if let Some(cycle) = find_cycle(&graph) {
            panic!(
                "{krate}: import circle between top-level modules: {}",
                cycle.join(" -> ")
            );
        }
    }

    #[test]
    fn server_has_no_import_circle() {
        check("server");
    }

    #[test]
    fn sandbox_has_no_import_circle() {
        check("sandbox");
    }

    #[test]
    fn api_has_no_import_circle() {
        check("api");
    }

    /// The server's layering beyond "no circle": configuration is plain data, and the edge
    /// and what it stands on know no feature.
    #[test]
    fn server_layers_point_down() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
        let graph = crate_graph(&src).expect("reading server/src");
        let below = |module: &str, allowed: &[&str]| {
            let uses = &graph[module];
            let wrong: Vec<&String> = uses
                .iter()
                .filter(|m| !allowed.contains(&m.as_str()))
                .collect();
            assert!(wrong.is_empty(), "server: {module} imports {wrong:?}");
        };
        below("config", &[]);
        below("util", &[]);
        below("store", &["config", "util"]);
        below("upstream", &["config", "store", "util"]);
        below("http", &["config", "store", "upstream", "util"]);
    }

    #[test]
    fn paths_are_read_from_uses_groups_and_bodies() {
        let text = "use crate::a::X;\nuse crate::{b::{C, D}, c, self};\n// crate::commented\n\
                    fn f() { crate::d::g(); other_crate::e::h(); }\n";
        let found: Vec<String> = crate_paths(text).into_iter().collect();
        assert_eq!(found, ["a", "b", "c", "d"]);
    }

    #[test]
    fn a_circle_is_found() {
        assert_eq!(
            find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "d")])),
            None
        );
        let cycle = find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]));
        assert_eq!(cycle.unwrap(), ["a", "b", "c", "a"]);
        assert!(find_cycle(&graph(&[("x", "y"), ("y", "x")])).is_some());
    }

    #[test]
    fn a_circle_in_files_is_found() {
        let dir = std::env::temp_dir().join(format!("xtask-layers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("feature")).unwrap();
        std::fs::write(
            dir.join("lib.rs"),
            "mod edge; mod feature; use crate::feature::F;",
        )
        .unwrap();
        std::fs::write(dir.join("edge.rs"), "pub struct E;").unwrap();
        std::fs::write(dir.join("feature").join("mod.rs"), "use crate::edge::E;").unwrap();
        assert_eq!(find_cycle(&crate_graph(&dir).unwrap()), None);
        // The edge now names the feature back.
        std::fs::write(dir.join("edge.rs"), "pub fn e() { crate::feature::f() }").unwrap();
        let cycle = find_cycle(&crate_graph(&dir).unwrap()).unwrap();
        assert_eq!(cycle, ["edge", "feature", "edge"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
