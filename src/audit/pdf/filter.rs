//! Stream filters: Flate (with PNG and TIFF predictors), ASCIIHex, ASCII85 and RunLength.
//! Each takes the encoded bytes and the most bytes it may produce, and returns what it could
//! decode: a damaged stream gives its readable beginning, as PDF readers show it.

use super::syntax::is_space;

/// What a filter made of its input.
pub struct Decoded {
    pub data: Vec<u8>,
    /// True when the output reached the cap and the rest was dropped.
    pub capped: bool,
}

/// Inflates zlib data (or raw deflate data, which some producers write without the zlib
/// header), keeping what was decoded before an error or the end of the input.
pub fn inflate(input: &[u8], cap: usize) -> Decoded {
    thread_local! {
        // A PDF has dozens of small streams (every font's ToUnicode CMap): setting up an
        // inflater with its window for each took as long as the inflating.
        static INFLATERS: std::cell::RefCell<[flate2::Decompress; 2]> = std::cell::RefCell::new([
            flate2::Decompress::new(true),
            flate2::Decompress::new(false),
        ]);
    }
    let limit = cap.saturating_add(1);
    let mut data = Vec::new();
    INFLATERS.with_borrow_mut(|[zlib, raw]| {
        zlib.reset(true);
        if inflate_with(zlib, input, limit, &mut data).is_err() && data.is_empty() {
            // Errors are expected on damaged input; the bytes decoded so far are what counts.
            raw.reset(false);
            let _ = inflate_with(raw, input, limit, &mut data);
        }
    });
    cap_to(data, cap)
}

/// Runs `inflater` over `input` into `out`, up to `limit` bytes; stops early, without an
/// error, when the input ends before the stream does.
fn inflate_with(
    inflater: &mut flate2::Decompress,
    input: &[u8],
    limit: usize,
    out: &mut Vec<u8>,
) -> Result<(), flate2::DecompressError> {
    // Most streams of a PDF inflate to 2–5 times their size.
    out.reserve(input.len().saturating_mul(4).saturating_add(256).min(limit));
    loop {
        if out.len() >= limit {
            out.truncate(limit);
            return Ok(());
        }
        if out.len() == out.capacity() {
            out.reserve(out.len().max(4096).min(limit - out.len()));
        }
        let (read, written) = (inflater.total_in(), inflater.total_out());
        let rest = input
            .get(usize::try_from(read).unwrap_or(usize::MAX)..)
            .unwrap_or(&[]);
        let status = inflater.decompress_vec(rest, out, flate2::FlushDecompress::None)?;
        let moved = inflater.total_in() != read || inflater.total_out() != written;
        if status == flate2::Status::StreamEnd || !moved {
            out.truncate(limit);
            return Ok(());
        }
    }
}

fn cap_to(mut data: Vec<u8>, cap: usize) -> Decoded {
    let capped = data.len() > cap;
    data.truncate(cap);
    Decoded { data, capped }
}

/// Undoes a predictor (`/Predictor` 2 or 10–15) over rows of `columns` samples.
pub fn unpredict(data: &[u8], predictor: i64, colors: i64, bits: i64, columns: i64) -> Vec<u8> {
    let colors = colors.clamp(1, 32) as usize;
    let bits = bits.clamp(1, 16) as usize;
    let columns = columns.clamp(1, 1 << 20) as usize;
    let bpp = (colors * bits).div_ceil(8).max(1);
    // A row longer than the data (a hostile /Columns) is no more than the data.
    let row_len = (colors * bits * columns).div_ceil(8).min(data.len().max(1));
    if predictor == 2 {
        // TIFF predictor 2, for 8-bit samples only (the only kind seen in PDFs' data).
        let mut out = data.to_vec();
        if bits == 8 {
            for row in out.chunks_mut(row_len) {
                for i in bpp..row.len() {
                    row[i] = row[i].wrapping_add(row[i - bpp]);
                }
            }
        }
        return out;
    }
    if predictor < 10 {
        return data.to_vec();
    }
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row_len];
    for chunk in data.chunks(row_len + 1) {
        let Some((&kind, row)) = chunk.split_first() else {
            break;
        };
        let mut cur = vec![0u8; row_len];
        for (i, &raw) in row.iter().enumerate() {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
            cur[i] = match kind {
                1 => raw.wrapping_add(left),
                2 => raw.wrapping_add(up),
                3 => raw.wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => raw.wrapping_add(paeth(left, up, up_left)),
                _ => raw,
            };
        }
        out.extend_from_slice(&cur[..row.len()]);
        prev = cur;
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

pub fn ascii_hex(input: &[u8], cap: usize) -> Decoded {
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<u8> = None;
    for &b in input {
        if b == b'>' {
            break;
        }
        let v = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => continue,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
        if out.len() > cap {
            break;
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    cap_to(out, cap)
}

pub fn ascii85(input: &[u8], cap: usize) -> Decoded {
    let mut out = Vec::with_capacity(input.len());
    let mut group = [0u8; 5];
    let mut n = 0;
    let body = input.strip_prefix(b"<~").unwrap_or(input);
    for &b in body {
        if out.len() > cap {
            break;
        }
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&group_value(&group).to_be_bytes());
                    n = 0;
                }
            }
            _ if is_space(b) => {}
            // Anything else is an error: keep what was decoded.
            _ => break,
        }
    }
    if n > 1 {
        // A final partial group of n characters gives n - 1 bytes, padded with 'u'.
        for slot in group.iter_mut().skip(n) {
            *slot = 84;
        }
        let bytes = group_value(&group).to_be_bytes();
        out.extend_from_slice(bytes.get(..n - 1).unwrap_or(&[]));
    }
    cap_to(out, cap)
}

fn group_value(g: &[u8; 5]) -> u32 {
    let v = g
        .iter()
        .fold(0u64, |acc, &d| acc * 85 + u64::from(d.min(84)));
    // Groups above 2^32 - 1 are invalid; wrap rather than fail.
    (v & 0xffff_ffff) as u32
}

pub fn run_length(input: &[u8], cap: usize) -> Decoded {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = input.get(i) {
        if out.len() > cap || len == 128 {
            break;
        }
        if len < 128 {
            let n = usize::from(len) + 1;
            let end = (i + 1 + n).min(input.len());
            out.extend_from_slice(input.get(i + 1..end).unwrap_or(&[]));
            i += 1 + n;
        } else {
            let Some(&b) = input.get(i + 1) else { break };
            out.extend(std::iter::repeat_n(b, 257 - usize::from(len)));
            i += 2;
        }
    }
    cap_to(out, cap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).expect("write");
        e.finish().expect("finish")
    }

    #[test]
    fn inflate_caps_and_keeps_a_damaged_stream_s_beginning() {
        let big = vec![b'a'; 100_000];
        let z = deflate(&big);
        let d = inflate(&z, 1000);
        assert_eq!(d.data.len(), 1000);
        assert!(d.capped);
        let d = inflate(&z, 1 << 20);
        assert_eq!(d.data, big);
        assert!(!d.capped);
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| i.to_string().into_bytes())
            .collect();
        let z = deflate(&text);
        let cut = z.get(..z.len() / 2).unwrap_or(&[]);
        let d = inflate(cut, 1 << 20);
        assert!(!d.data.is_empty() && text.starts_with(&d.data));
    }

    #[test]
    fn inflaters_are_reused_cleanly_and_read_raw_deflate() {
        // The inflaters are kept from stream to stream: a damaged stream must leave nothing
        // behind for the next, and an empty or garbage one gives nothing.
        let text: Vec<u8> = (0..5_000u32)
            .flat_map(|i| i.to_string().into_bytes())
            .collect();
        let z = deflate(&text);
        for _ in 0..3 {
            let cut = z.get(..z.len() / 3).unwrap_or(&[]);
            assert!(text.starts_with(&inflate(cut, 1 << 20).data));
            assert!(inflate(b"not deflate at all", 1 << 20).data.is_empty());
            assert!(inflate(b"", 1 << 20).data.is_empty());
            assert_eq!(inflate(&z, 1 << 20).data, text);
        }
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(&text).expect("write");
        let raw = raw.finish().expect("finish");
        assert_eq!(inflate(&raw, 1 << 20).data, text);
        // The cap holds exactly, whatever the buffer grew to.
        let d = inflate(&z, 4097);
        assert_eq!((d.data.len(), d.capped), (4097, true));
        assert_eq!(d.data, text[..4097]);
    }

    #[test]
    fn png_predictors() {
        // Two rows of 3 columns: Up then Sub.
        let data = [2, 1, 2, 3, 1, 1, 1, 1];
        assert_eq!(unpredict(&data, 12, 1, 8, 3), vec![1, 2, 3, 1, 2, 3]);
        let data = [4, 10, 0, 0, 2, 0, 0, 0];
        assert_eq!(unpredict(&data, 15, 1, 8, 3), vec![10, 10, 10, 10, 10, 10]);
    }

    #[test]
    fn ascii_filters() {
        assert_eq!(ascii_hex(b"48 65 6c6C6f 7>", 100).data, b"Hellop");
        assert_eq!(ascii85(b"<~87cURDZ~>", 100).data, b"Hello");
        assert_eq!(ascii85(b"z!!~>", 100).data, vec![0, 0, 0, 0, 0]);
        assert_eq!(ascii85(b"uuuuu~>", 100).data.len(), 4);
        assert_eq!(
            run_length(&[2, b'a', b'b', b'c', 254, b'x', 128], 100).data,
            b"abcxxx"
        );
        assert!(ascii_hex(b"41414141", 2).capped);
    }
}
