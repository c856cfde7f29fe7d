//! Check characters of the identifiers a disclosure site handles: the unified social credit
//! code of a publisher (GB 32100-2015) and the organisation code embedded in it (GB 11714).

const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// What is wrong with a unified social credit code, if anything.
#[derive(Debug, PartialEq, Eq)]
pub enum UsccProblem {
    /// Not 18 characters of the allowed set with digits in positions 3–8: certainly a typo.
    Malformed,
    /// Well-formed, but the last character does not match the checksum. Some early codes are
    /// real and fail it, so this is only a warning.
    CheckDigit { expected: char },
}

/// Checks an 18-character unified social credit code.
pub fn check_uscc(code: &str) -> Result<(), UsccProblem> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(UsccProblem::Malformed);
    }
    let mut values = Vec::with_capacity(17);
    for (i, c) in chars[..17].iter().enumerate() {
        let Some(v) = USCC_CHARS.find(*c) else {
            return Err(UsccProblem::Malformed);
        };
        if (2..8).contains(&i) && !c.is_ascii_digit() {
            return Err(UsccProblem::Malformed);
        }
        values.push(v as u32);
    }
    let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    let expected = USCC_CHARS.as_bytes()[check as usize] as char;
    if chars[17] == expected {
        Ok(())
    } else {
        Err(UsccProblem::CheckDigit { expected })
    }
}

/// Checks a 9-character organisation code (GB 11714), such as positions 9–17 of a USCC.
pub fn org_code_valid(code: &str) -> bool {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 9 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in chars[..8].iter().zip(ORG_WEIGHTS) {
        let v = match c {
            '0'..='9' => *c as u32 - '0' as u32,
            'A'..='Z' => *c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        sum += v * w;
    }
    let expected = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10).unwrap_or('?'),
    };
    chars[8] == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uscc_test_vectors() {
        for ok in [
            "91512081MA62K0260E",
            "11320000MB151840XJ",
            "113708280043326001",
            "1150024100913825XR",
            "11532300MB19155603",
            "11341702486344515H",
            "1137078555222300XQ",
        ] {
            assert_eq!(check_uscc(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            check_uscc("91350100M000100Y4Z"),
            Err(UsccProblem::CheckDigit { expected: '3' })
        );
        assert_eq!(check_uscc("91350100M000100Y4"), Err(UsccProblem::Malformed));
        assert_eq!(
            check_uscc("9135010OM000100Y43"),
            Err(UsccProblem::Malformed)
        );
        assert_eq!(
            check_uscc("91AB0100M000100Y43"),
            Err(UsccProblem::Malformed)
        );
    }

    #[test]
    fn org_code_test_vectors() {
        assert!(org_code_valid("000014349"));
        assert!(org_code_valid("01527918X"));
        assert!(org_code_valid("MB1915560"));
        assert!(!org_code_valid("000014348"));
    }
}
