//! ISO 3166-1 alpha-2 country codes (officially assigned), for `personal_country`.

const CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ \
UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// International calling codes by ISO 3166-1 alpha-2 code (ITU-T E.164 assignments).
/// Territories without their own telephone service (AQ, BV, HM, TF, UM, GS, PN) are absent.
const CALLING: &str = "AD376 AE971 AF93 AG1 AI1 AL355 AM374 AO244 AR54 AS1 AT43 AU61 AW297 AX358 AZ994 \
BA387 BB1 BD880 BE32 BF226 BG359 BH973 BI257 BJ229 BL590 BM1 BN673 BO591 BQ599 BR55 BS1 BT975 BW267 BY375 BZ501 \
CA1 CC61 CD243 CF236 CG242 CH41 CI225 CK682 CL56 CM237 CN86 CO57 CR506 CU53 CV238 CW599 CX61 CY357 CZ420 \
DE49 DJ253 DK45 DM1 DO1 DZ213 EC593 EE372 EG20 EH212 ER291 ES34 ET251 FI358 FJ679 FK500 FM691 FO298 FR33 \
GA241 GB44 GD1 GE995 GF594 GG44 GH233 GI350 GL299 GM220 GN224 GP590 GQ240 GR30 GT502 GU1 GW245 GY592 \
HK852 HN504 HR385 HT509 HU36 ID62 IE353 IL972 IM44 IN91 IO246 IQ964 IR98 IS354 IT39 JE44 JM1 JO962 JP81 \
KE254 KG996 KH855 KI686 KM269 KN1 KP850 KR82 KW965 KY1 KZ7 LA856 LB961 LC1 LI423 LK94 LR231 LS266 LT370 LU352 LV371 LY218 \
MA212 MC377 MD373 ME382 MF590 MG261 MH692 MK389 ML223 MM95 MN976 MO853 MP1 MQ596 MR222 MS1 MT356 MU230 MV960 MW265 MX52 MY60 MZ258 \
NA264 NC687 NE227 NF672 NG234 NI505 NL31 NO47 NP977 NR674 NU683 NZ64 OM968 PA507 PE51 PF689 PG675 PH63 PK92 PL48 PM508 PR1 PS970 PT351 PW680 PY595 \
QA974 RE262 RO40 RS381 RU7 RW250 SA966 SB677 SC248 SD249 SE46 SG65 SH290 SI386 SJ47 SK421 SL232 SM378 SN221 SO252 SR597 SS211 ST239 SV503 SX1 SY963 SZ268 \
TC1 TD235 TG228 TH66 TJ992 TK690 TL670 TM993 TN216 TO676 TR90 TT1 TV688 TW886 TZ255 UA380 UG256 US1 UY598 UZ998 \
VA39 VC1 VE58 VG1 VI1 VN84 VU678 WF681 WS685 YE967 YT262 ZA27 ZM260 ZW263";

/// The international calling code of country `code` (`GB` → `44`), when it has one.
pub fn calling_code(code: &str) -> Option<&'static str> {
    CALLING
        .split(' ')
        .find(|entry| entry.len() > 2 && &entry[..2] == code)
        .map(|entry| &entry[2..])
}

/// A country as people type it: trimmed, upper case, and the common "UK" for `GB`.
pub fn normalize_country(text: &str) -> String {
    let code = text.trim().to_ascii_uppercase();
    match code.as_str() {
        "UK" => "GB".to_string(),
        _ => code,
    }
}

/// A mobile number as people type it, in E.164 when it can be: spaces, dots, dashes and
/// brackets go; a leading `00` is `+`; a local number (with or without its trunk `0`) gets
/// `country`'s calling code. Anything else is left for validation to explain.
pub fn normalize_mobile(text: &str, country: Option<&str>) -> String {
    // "+44 (0)7700 900123": the bracketed trunk zero is dialled only at home.
    let compact: String = text
        .trim()
        .replace("(0)", "")
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '\u{a0}'))
        .collect();
    if compact.starts_with('+') || compact.is_empty() {
        return compact;
    }
    if let Some(rest) = compact.strip_prefix("00") {
        return format!("+{rest}");
    }
    if !compact.bytes().all(|b| b.is_ascii_digit()) {
        return compact;
    }
    match country.and_then(calling_code) {
        Some(cc) => format!("+{cc}{}", compact.strip_prefix('0').unwrap_or(&compact)),
        None => compact,
    }
}

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case, e.g. `AU`).
pub fn is_iso_alpha2(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && CODES.split(' ').any(|c| c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_calling_code_belongs_to_an_assigned_country() {
        for entry in CALLING.split(' ') {
            assert!(is_iso_alpha2(&entry[..2]), "{entry}");
            assert!(entry[2..].bytes().all(|b| b.is_ascii_digit()), "{entry}");
        }
        assert_eq!(calling_code("GB"), Some("44"));
        assert_eq!(calling_code("DE"), Some("49"));
        assert_eq!(calling_code("AQ"), None);
    }

    #[test]
    fn numbers_and_countries_as_people_type_them() {
        assert_eq!(normalize_country(" uk "), "GB");
        assert_eq!(normalize_country("de"), "DE");
        assert_eq!(
            normalize_mobile("07700 900123", Some("GB")),
            "+447700900123"
        );
        assert_eq!(normalize_mobile("0412 123 123", Some("AU")), "+61412123123");
        assert_eq!(normalize_mobile("0049 151 2345678", None), "+491512345678");
        assert_eq!(
            normalize_mobile("+44 (0)7700-900123", None),
            "+447700900123"
        );
        // No country known: left as typed (compacted) for validation to explain.
        assert_eq!(normalize_mobile("0412 123 123", None), "0412123123");
        assert_eq!(normalize_mobile("call me", Some("GB")), "callme");
    }

    #[test]
    fn known_codes() {
        assert_eq!(CODES.split(' ').count(), 249);
        for ok in ["AU", "US", "GB", "DE", "ZW", "AD"] {
            assert!(is_iso_alpha2(ok), "{ok}");
        }
        for bad in ["au", "UK", "XX", "AUS", "A", "", "ZZ", "A1"] {
            assert!(!is_iso_alpha2(bad), "{bad}");
        }
    }
}
