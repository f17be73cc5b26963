//! Embeds the shipped knowledge base (`knowledge/*.yaml`) in the binary, so
//! that a copied binary or a container works without the source tree: the
//! files become `include_str!`s in `$OUT_DIR/embedded_knowledge.rs`, read by
//! `src/knowledge/load.rs` as the built-in base. A well-kept crate
//! (include_dir, rust-embed) would do the same with more machinery than
//! one folder of text files needs.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=knowledge");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("knowledge");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("knowledge/ is part of the source tree")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// The shipped knowledge base as `(file name, text)`, embedded by build.rs.\n\
         pub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    for name in names {
        let path = dir.join(&name).display().to_string();
        out.push_str(&format!("    ({name:?}, include_str!({path:?})),\n"));
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("embedded_knowledge.rs");
    std::fs::write(target, out).expect("write embedded_knowledge.rs");
}
