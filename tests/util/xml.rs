//! A small well-formedness check for the SVG and HTML gsef writes by hand, shared by the unit
//! tests of `src/output/svg.rs` and `html.rs` and the integration tests that run the binary.

/// Every tag closes in order, attributes are quoted, every `&` starts an entity, and every
/// character is one XML 1.0 allows (and not a Unicode non-character, which it asks documents
/// to avoid). Enough to catch what hand-written XML gets wrong.
pub fn assert_well_formed(xml: &str) {
    if let Some(bad) = xml.chars().find(|&character| !is_xml_character(character)) {
        panic!("U+{:04X} is not allowed in XML 1.0:\n{xml}", u32::from(bad));
    }
    let mut open: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        check_text(&rest[..start]);
        let end = rest[start..].find('>').expect("every tag ends") + start;
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if !tag.starts_with('?') && !tag.starts_with('!') {
            let name = tag.split_whitespace().next().expect("a tag name");
            let name = name.trim_end_matches('/').to_string();
            assert_eq!(
                tag.matches('"').count() % 2,
                0,
                "unquoted attribute in <{tag}>"
            );
            check_text(tag);
            if !tag.ends_with('/') {
                open.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    check_text(rest);
    assert!(open.is_empty(), "unclosed tags: {open:?}");
}

/// XML 1.0's `Char`, without the non-characters U+FDD0–U+FDEF and U+nFFFE/U+nFFFF.
fn is_xml_character(character: char) -> bool {
    let code = u32::from(character);
    let allowed = matches!(character, '\t' | '\n' | '\r') || code >= 0x20;
    let non_character = (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE;
    allowed && !non_character
}

fn check_text(text: &str) {
    for (index, _) in text.match_indices('&') {
        let entity = &text[index..];
        let end = entity.find(';').expect("an entity ends with ;");
        assert!(
            ["&amp", "&lt", "&gt", "&quot", "&#39"].contains(&&entity[..end]),
            "bare & in {text:?}"
        );
    }
    assert!(!text.contains('<'), "bare < in {text:?}");
}
