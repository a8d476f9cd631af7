//! How a message spells what came from the input: every layer's messages quote values from
//! files a person handed over, so one hostile value must not flood a terminal or a log.

/// A size in bytes as a person reads it: `512 bytes`, `64 KiB`, `4.8 MiB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} byte{}", if bytes == 1 { "" } else { "s" });
    }
    // Exact enough for a message: a size is told to the tenth of its unit.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_person_says_them() {
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(1023), "1023 bytes");
        assert_eq!(size(64 * 1024), "64 KiB");
        assert_eq!(size(1 << 20), "1 MiB");
        assert_eq!(size(5_000_000), "4.8 MiB");
        assert_eq!(size(500_000_000), "476.8 MiB");
        assert_eq!(size(3 << 30), "3 GiB");
    }
}
