//! Lines from the strings drawn on a page: grouped by baseline (text turned a quarter or half
//! turn is read in its own direction, after upright text), sorted along it, joined with
//! nothing when they touch (a number drawn in several runs stays one number), a space for a
//! word-sized gap, and a tab for a wider one (table cells), which the privacy scan never reads
//! across.

/// One string as drawn: its text and where it lies on the page, in the frame of its
/// direction: `x0`..`x1` along the baseline, `y` across it, larger first, as user-space x and y
/// are for upright text.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// Quarter turns of the baseline from left-to-right (1: bottom to top).
    pub rot: u8,
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    /// Font size on the page.
    pub size: f64,
    pub text: String,
}

/// The direction of a text matrix's baseline, in quarter turns counterclockwise.
pub fn quarter_turns(m: &[f64; 6]) -> u8 {
    let turns = (m[1].atan2(m[0]) / std::f64::consts::FRAC_PI_2).round();
    if turns.is_finite() {
        (turns as i64).rem_euclid(4) as u8
    } else {
        0
    }
}

/// A user-space point as (along the baseline, across it, larger for earlier lines) for text
/// turned `rot` quarter turns.
pub fn frame(rot: u8, (x, y): (f64, f64)) -> (f64, f64) {
    match rot {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

/// Lines from the chunks of a page: top to bottom, each left to right.
pub fn layout(mut chunks: Vec<Chunk>) -> String {
    for c in &mut chunks {
        if c.text.contains(char::is_control) {
            c.text = c.text.replace(char::is_control, " ");
        }
    }
    chunks.retain(|c| !c.text.trim().is_empty());
    // Upright text first, then each other direction, lines in reading order.
    chunks.sort_by(|a, b| a.rot.cmp(&b.rot).then(b.y.total_cmp(&a.y)));
    let mut lines: Vec<Vec<Chunk>> = Vec::new();
    let mut anchor: Option<(u8, f64, f64)> = None;
    for c in chunks {
        let same_line =
            anchor.is_some_and(|(rot, y, size)| rot == c.rot && y - c.y <= 0.45 * size.max(c.size));
        if same_line && let Some(line) = lines.last_mut() {
            line.push(c);
        } else {
            anchor = Some((c.rot, c.y, c.size));
            lines.push(vec![c]);
        }
    }
    let mut text = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut prev: Option<&Chunk> = None;
        for c in &line {
            if let Some(p) = prev {
                let em = p.size.max(c.size).max(1.0);
                // The same text drawn twice, slightly offset, is a simulated bold.
                if p.text == c.text && (c.x0 - p.x0).abs() < 0.2 * em {
                    continue;
                }
                let gap = c.x0 - p.x1;
                let spaced = p.text.ends_with(char::is_whitespace)
                    || c.text.starts_with(char::is_whitespace);
                if gap > em {
                    text.push('\t');
                } else if gap > 0.2 * em && !spaced {
                    text.push(' ');
                }
            }
            text.push_str(&c.text);
            prev = Some(c);
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(x0: f64, x1: f64, y: f64, text: &str) -> Chunk {
        Chunk {
            rot: 0,
            x0,
            x1,
            y,
            size: 10.0,
            text: text.into(),
        }
    }

    #[test]
    fn layout_joins_runs_and_separates_cells_and_lines() {
        let chunks = vec![
            chunk(0.0, 20.0, 100.0, "王某某"),
            // One number in two runs, the second on a baseline 0.5 lower (another font).
            chunk(100.0, 140.0, 100.0, "1380013"),
            chunk(140.2, 160.0, 99.5, "8000"),
            // A cell far to the right.
            chunk(200.0, 260.0, 100.0, "513101"),
            chunk(50.0, 70.0, 100.0, "张"),
            chunk(73.0, 80.0, 100.0, "三"),
            // The next row.
            chunk(0.0, 20.0, 80.0, "1"),
            chunk(0.3, 20.3, 80.0, "1"),
        ];
        assert_eq!(layout(chunks), "王某某\t张 三\t13800138000\t513101\n1\n");
    }
}
