//! Stream filters: Flate (with PNG and TIFF predictors), ASCIIHex, ASCII85 and RunLength.
//! Each takes the encoded bytes and the most bytes it may produce, and returns what it could
//! decode: a damaged stream gives its readable beginning, as PDF readers show it.

use super::syntax::is_space;
use std::io::Read;

/// What a filter made of its input.
pub struct Decoded {
    pub data: Vec<u8>,
    /// True when the output reached the cap and the rest was dropped.
    pub capped: bool,
}

/// Inflates zlib data (or raw deflate data, which some producers write without the zlib
/// header), keeping what was decoded before an error.
pub fn inflate(input: &[u8], cap: usize) -> Decoded {
    let limit = cap as u64 + 1;
    let mut data = Vec::new();
    let zlib = flate2::read::ZlibDecoder::new(input)
        .take(limit)
        .read_to_end(&mut data);
    if zlib.is_err() && data.is_empty() {
        // Errors are expected on damaged input; the bytes read so far are what counts.
        let raw = flate2::read::DeflateDecoder::new(input)
            .take(limit)
            .read_to_end(&mut data);
        drop(raw);
    }
    cap_to(data, cap)
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
