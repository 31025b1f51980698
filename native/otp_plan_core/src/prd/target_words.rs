//! The vocabulary of numeric targets, one table per job, every language of
//! the corpus in the same rows: units, comparators, the nouns that name a
//! metric, and the headings of sections that state goals.
//!
//! Words are matched lowercased. A word written in a script without spaces
//! (Hangul, Han, Kana) is matched anywhere inside the run of letters it sits
//! in (`응답시간` holds `응답`); any other word is matched at a word's start,
//! so one stem covers its inflections (`respon` → response, responde,
//! respond), except stems of up to three letters, which match the whole
//! word or its plural (`slo` is not `slow`, `ram` not `ramp`).

use super::model::Metric;

/// Whether `word` (lowercased) holds `stem` as [this module](self) matches.
pub fn matches(word: &str, stem: &str) -> bool {
    let (w, s) = (word.as_bytes(), stem.as_bytes());
    // Told apart by the first byte, nearly all pairs cost one compare.
    if w.first() == s.first() && w.starts_with(s) {
        let short = s.len() <= 3 && stem.is_ascii();
        let rest = &w[s.len()..];
        return !short || rest.is_empty() || rest == b"s";
    }
    // Unspaced letters are encoded from byte 0xE1 on.
    s.first().is_some_and(|&b| b >= 0xE1)
        && opens_unspaced(stem)
        && !word.is_ascii()
        && word.contains(stem)
}

/// Words that make a coverage figure one of tests or code (`test coverage`,
/// `line coverage`, `cobertura de pruebas`).
pub const CODE_WORDS: &[&str] = &[
    "test",
    "code",
    "unit",
    "branch",
    "line",
    "coveralls",
    "excoveralls",
    "prueba",
    "teste",
    "código",
    "테스트",
    "코드",
    "测试",
    "代码",
    "テスト",
    "コード",
    "тест",
    "код",
];

/// Whether `word` holds any of `stems`.
pub fn any(word: &str, stems: &[&str]) -> bool {
    stems.iter().any(|stem| matches(word, stem))
}

/// Whether `s` holds a letter of Hangul, Han or Kana: scripts written
/// without spaces between words.
pub fn is_unspaced(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(is_unspaced_char)
}

/// Whether `s` starts with a letter of an unspaced script: how the stems
/// of this module's tables are told apart.
pub fn opens_unspaced(s: &str) -> bool {
    s.chars().next().is_some_and(is_unspaced_char)
}

fn is_unspaced_char(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x9FFF | 0xAC00..=0xD7AF)
}

/// A time unit after a number, in milliseconds. Whole words only (`s` must
/// not take `sec`'s place), except in unspaced scripts, where the unit opens
/// the run (`30초`, `60秒内`): longer units first.
pub const TIME_UNITS: &[(&[&str], f64)] = &[
    (
        &[
            "ms",
            "msec",
            "msecs",
            "millisecond",
            "milliseconds",
            "milisegundo",
            "milisegundos",
            "millisekunde",
            "millisekunden",
            "milliseconde",
            "millisecondes",
            "мс",
            "миллисекунд",
            "миллисекунды",
            "毫秒",
            "밀리초",
            "ミリ秒",
        ],
        1.0,
    ),
    (
        &[
            "s",
            "sec",
            "secs",
            "second",
            "seconds",
            "segundo",
            "segundos",
            "sekunde",
            "sekunden",
            "seconde",
            "secondes",
            "сек",
            "секунд",
            "секунда",
            "секунды",
            "секунду",
            "초",
            "秒",
        ],
        1e3,
    ),
    (
        &[
            "min",
            "mins",
            "minute",
            "minutes",
            "minuto",
            "minutos",
            "minuten",
            "мин",
            "минут",
            "минута",
            "минуты",
            "минуту",
            "분",
            "分钟",
            "分鐘",
            "分",
        ],
        60e3,
    ),
    (
        &[
            "h",
            "hr",
            "hrs",
            "hour",
            "hours",
            "hora",
            "horas",
            "stunde",
            "stunden",
            "heure",
            "heures",
            "час",
            "часа",
            "часов",
            "시간",
            "小时",
            "小時",
            "時間",
        ],
        3600e3,
    ),
];

/// A size unit after a number, in bytes (KB = 1024).
pub const BYTE_UNITS: &[(&[&str], f64)] = &[
    (&["b", "byte", "bytes"], 1.0),
    (&["kb", "kib", "кб"], 1024.0),
    (&["mb", "mib", "мб"], 1048576.0),
    (&["gb", "gib", "гб"], 1073741824.0),
    (&["tb", "tib", "тб"], 1099511627776.0),
];

/// Words for "percent" after a number (besides `%`).
pub const PERCENT_WORDS: &[&str] = &[
    "percent",
    "pct",
    "prozent",
    "porcentaje",
    "pourcent",
    "процент",
    "процентов",
    "퍼센트",
];

/// A per-time unit after a rate noun (`/s`, `per minute`, `daily`), as a
/// factor to per second.
pub const PER_UNITS: &[(&[&str], f64)] = &[
    (
        &[
            "s",
            "sec",
            "second",
            "segundo",
            "sekunde",
            "seconde",
            "секунду",
            "초",
            "秒",
        ],
        1.0,
    ),
    (
        &[
            "m",
            "min",
            "minute",
            "minuto",
            "minute",
            "минуту",
            "분",
            "分钟",
        ],
        1.0 / 60.0,
    ),
    (
        &[
            "h", "hr", "hour", "hora", "stunde", "heure", "час", "시간", "小时",
        ],
        1.0 / 3600.0,
    ),
    (
        &["day", "día", "dia", "tag", "jour", "день", "일", "天"],
        1.0 / 86400.0,
    ),
];

/// Words after a count that make it a rate on their own: `1000 files daily`.
pub const RATE_ADVERBS: &[(&str, f64)] = &[
    ("daily", 1.0 / 86400.0),
    ("hourly", 1.0 / 3600.0),
    ("diarios", 1.0 / 86400.0),
    ("täglich", 1.0 / 86400.0),
    ("quotidien", 1.0 / 86400.0),
];

/// Words between a rate noun and its per-unit: `requests per second`.
pub const PER_WORDS: &[&str] = &["per", "a", "every", "por", "pro", "par", "в", "每"];

/// Throughput units written as one word.
pub const RATE_WORDS: &[&str] = &["rps", "qps", "tps", "mps"];

/// What is counted per second in a throughput: `500 requests/s`.
pub const RATE_NOUNS: &[&str] = &[
    "req",
    "request",
    "msg",
    "message",
    "event",
    "transaction",
    "op",
    "operation",
    "write",
    "read",
    "call",
    "quer",
    "job",
    "file",
    "document",
    "record",
    "solicitud",
    "petici",
    "requisi",
    "mensaje",
    "anfrage",
    "requête",
    "запрос",
    "сообщени",
    "요청",
    "请求",
];

/// Counted people or connections: with a word of concurrency, a count of
/// them is concurrent users. Counters of unspaced scripts (`100명`) too.
pub const USER_NOUNS: &[&str] = &[
    "user",
    "connection",
    "session",
    "client",
    "visitor",
    "socket",
    "request",
    "usuario",
    "conexi",
    "utilisateur",
    "benutzer",
    "nutzer",
    "verbindung",
    "пользовател",
    "соединени",
    "명",
    "人",
    "사용자",
    "접속",
    "用户",
];

/// Data the system must hold: with `up to`, a count of them is data volume.
pub const DATA_NOUNS: &[&str] = &[
    "record",
    "row",
    "entr",
    "document",
    "word",
    "registro",
    "fila",
    "datensätze",
    "enregistrement",
    "записей",
    "레코드",
    "条记录",
];

/// Words that say a count or score is a measured result: `NPS > 50`.
pub const SCORE_WORDS: &[&str] = &["nps", "score", "rating", "punktzahl", "puntuación", "점수"];

/// The nouns that name what a number measures, per metric, in the order a
/// tie is broken.
pub const METRIC_WORDS: &[(Metric, &[&str])] = &[
    (
        Metric::Availability,
        &[
            "uptime",
            "availability",
            "verfügbar",
            "disponib",
            "가동률",
            "가용성",
            "可用",
            "稼働率",
            "доступност",
            "sla",
        ],
    ),
    (
        Metric::ErrorRate,
        &[
            "error",
            "fail",
            "fehler",
            "erreur",
            "erro",
            "échec",
            "에러",
            "오류",
            "错误",
            "失败",
            "エラー",
            "ошиб",
            "сбо",
            "dlq",
        ],
    ),
    (
        Metric::Coverage,
        &[
            "coverage",
            "cobertura",
            "couverture",
            "abdeckung",
            "testabdeckung",
            "커버리지",
            "覆盖",
            "カバレッジ",
            "покрыт",
        ],
    ),
    (
        Metric::RecoveryTime,
        &[
            "recover",
            "rto",
            "rpo",
            "failover",
            "restore",
            "restart",
            "wiederherstell",
            "récupér",
            "recuper",
            "reinicio",
            "복구",
            "恢复",
            "復旧",
            "восстанов",
        ],
    ),
    (
        Metric::LoadTime,
        &[
            "load",
            "startup",
            "start-up",
            "boot",
            "interactive",
            "tti",
            "lcp",
            "fcp",
            "lade",
            "carga",
            "chargement",
            "로딩",
            "加载",
            "読み込み",
            "загруз",
            "seitenlad",
        ],
    ),
    (
        Metric::Latency,
        &[
            "latenc",
            "response",
            "respond",
            "respuesta",
            "responde",
            "réponse",
            "antwort",
            "resposta",
            "응답",
            "响应",
            "応答",
            "ответ",
            "query",
            "queries",
            "abfrage",
            "consulta",
            "조회",
            "查询",
            "roundtrip",
            "round-trip",
            "p50",
            "p75",
            "p90",
            "p95",
            "p99",
            "percentile",
            "perzentil",
            "percentil",
        ],
    ),
    (
        Metric::Memory,
        &[
            "memory",
            "ram",
            "heap",
            "footprint",
            "speicher",
            "memoria",
            "mémoire",
            "메모리",
            "内存",
            "メモリ",
            "памят",
        ],
    ),
    (
        Metric::ConcurrentUsers,
        &[
            "concurrent",
            "simultan",
            "simultán",
            "gleichzeitig",
            "parallel",
            "동시",
            "同时",
            "并发",
            "同時",
            "одновремен",
        ],
    ),
    (
        Metric::Throughput,
        &[
            "throughput",
            "durchsatz",
            "débit",
            "rendimiento",
            "처리량",
            "吞吐",
            "пропускн",
        ],
    ),
];

/// Words before a number that bound it, as phrases of whole words, longest
/// first. Unspaced comparators also match the end of the run before the
/// number (`响应时间小于200ms`).
pub const COMPARATORS_BEFORE: &[(&[&str], &str)] = &[
    (&["less", "than", "or", "equal", "to"], "<="),
    (&["greater", "than", "or", "equal", "to"], ">="),
    (&["no", "more", "than"], "<="),
    (&["no", "less", "than"], ">="),
    (&["not", "more", "than"], "<="),
    (&["por", "debajo", "de"], "<"),
    (&["como", "máximo"], "<="),
    (&["como", "mínimo"], ">="),
    (&["no", "máximo"], "<="),
    (&["no", "mínimo"], ">="),
    (&["não", "mais", "de"], "<="),
    (&["pas", "plus", "de"], "<="),
    (&["не", "более"], "<="),
    (&["не", "менее"], ">="),
    (&["не", "больше"], "<="),
    (&["не", "меньше"], ">="),
    (&["less", "than"], "<"),
    (&["fewer", "than"], "<"),
    (&["lower", "than"], "<"),
    (&["more", "than"], ">"),
    (&["greater", "than"], ">"),
    (&["higher", "than"], ">"),
    (&["at", "most"], "<="),
    (&["at", "least"], ">="),
    (&["up", "to"], "<="),
    (&["menos", "de"], "<"),
    (&["menor", "a"], "<"),
    (&["menor", "que"], "<"),
    (&["más", "de"], ">"),
    (&["mayor", "a"], ">"),
    (&["mayor", "que"], ">"),
    (&["al", "menos"], ">="),
    (&["pelo", "menos"], ">="),
    (&["mais", "de"], ">"),
    (&["abaixo", "de"], "<"),
    (&["acima", "de"], ">"),
    (&["inferior", "a"], "<"),
    (&["superior", "a"], ">"),
    (&["moins", "de"], "<"),
    (&["plus", "de"], ">"),
    (&["au", "moins"], ">="),
    (&["au", "plus"], "<="),
    (&["inférieur", "à"], "<"),
    (&["supérieur", "à"], ">"),
    (&["jusqu", "à"], "<="),
    (&["bis", "zu"], "<="),
    (&["weniger", "als"], "<"),
    (&["mehr", "als"], ">"),
    (&["under"], "<"),
    (&["below"], "<"),
    (&["beneath"], "<"),
    (&["within"], "<="),
    (&["max"], "<="),
    (&["maximum"], "<="),
    (&["over"], ">"),
    (&["above"], ">"),
    (&["exceeding"], ">"),
    (&["minimum"], ">="),
    (&["min"], ">="),
    (&["hasta"], "<="),
    (&["máximo"], "<="),
    (&["mínimo"], ">="),
    (&["até"], "<="),
    (&["sous"], "<"),
    (&["unter"], "<"),
    (&["über"], ">"),
    (&["innerhalb"], "<="),
    (&["mindestens"], ">="),
    (&["höchstens"], "<="),
    (&["maximal"], "<="),
    (&["minimal"], ">="),
    (&["менее"], "<"),
    (&["меньше"], "<"),
    (&["более"], ">"),
    (&["больше"], ">"),
    (&["свыше"], ">"),
    (&["минимум"], ">="),
    (&["максимум"], "<="),
    (&["최대"], "<="),
    (&["최소"], ">="),
    (&["不超过"], "<="),
    (&["小于"], "<"),
    (&["低于"], "<"),
    (&["少于"], "<"),
    (&["至少"], ">="),
    (&["大于"], ">"),
    (&["超过"], ">"),
    (&["高于"], ">"),
    (&["最多"], "<="),
    (&["最少"], ">="),
];

/// Words after a number's unit that bound it: `3초 이내`, `99% 이상`,
/// `60秒内`, `200ms or less`. Unspaced ones also match inside the unit's run.
pub const COMPARATORS_AFTER: &[(&[&str], &str)] = &[
    (&["이내"], "<="),
    (&["이하"], "<="),
    (&["미만"], "<"),
    (&["이상"], ">="),
    (&["초과"], ">"),
    (&["以内"], "<="),
    (&["以下"], "<="),
    (&["未満"], "<"),
    (&["以上"], ">="),
    (&["内"], "<="),
    (&["max"], "<="),
    (&["maximum"], "<="),
    (&["minimum"], ">="),
    (&["or", "less"], "<="),
    (&["or", "fewer"], "<="),
    (&["or", "more"], ">="),
    (&["or", "better"], ">="),
];

/// Words in a sentence or label that state a goal: with them, a number in
/// a fitting unit is a target even without a comparator.
pub const GOAL_WORDS: &[&str] = &[
    "target",
    "targets",
    "goal",
    "goals",
    "objective",
    "objectives",
    "slo",
    "slos",
    "kpi",
    "kpis",
    "ziel",
    "ziele",
    "objetivo",
    "objetivos",
    "meta",
    "metas",
    "objectif",
    "objectifs",
    "cible",
    "cibles",
    "цель",
    "цели",
    "목표",
    "目标",
    "目標",
];

/// Headings of sections that state success measures or goals: product
/// measures there are targets.
pub const SUCCESS_SECTIONS: &[&str] = &[
    "success",
    "metric",
    "kpi",
    "goal",
    "objective",
    "outcome",
    "éxito",
    "exito",
    "métrica",
    "objetivo",
    "sucesso",
    "succès",
    "métrique",
    "objectif",
    "erfolg",
    "ziel",
    "kennzahl",
    "성공",
    "성과 지표",
    "핵심 지표",
    "목표",
    "成功",
    "指标",
    "目标",
    "目標",
    "успех",
    "метрик",
    "цел",
];

/// Headings of sections that state quality requirements: a system metric
/// there is a target when its unit fits.
pub const QUALITY_SECTIONS: &[&str] = &[
    "non-functional",
    "nonfunctional",
    "non functional",
    "nfr",
    "performance",
    "reliability",
    "scalab",
    "availability",
    "slo",
    "sla",
    "quality",
    "rendimiento",
    "desempenho",
    "no funcional",
    "não funcional",
    "non fonctionnel",
    "leistung",
    "nicht-funktional",
    "nichtfunktional",
    "성능",
    "비기능",
    "性能",
    "非功能",
    "非機能",
    "производительн",
    "нефункциональн",
];

/// Headings of sections whose numbers the system is not committed to.
pub const EXCLUDED_SECTIONS: &[&str] = &[
    "out of scope",
    "out-of-scope",
    "not in scope",
    "non-goal",
    "non goal",
    "future",
    "later",
    "v2",
    "backlog",
    "journey",
    "example",
    "ejemplo",
    "beispiel",
    "exemple",
    "旅程",
    "여정",
    "fuera de alcance",
    "fuera del alcance",
    "futur",
    "hors",
    "außerhalb",
    "zukunft",
    "künftig",
    "범위 외",
    "범위외",
    "향후",
    "未来",
    "范围外",
    "将来",
    "будущ",
];

/// Words that make a span of time a rule of the domain, not a bound the
/// system must meet: `sessions expire after 30 minutes`.
pub const RULE_WORDS: &[&str] = &[
    "expir",
    "ttl",
    "timeout",
    "time-out",
    "cache",
    "retention",
    "retain",
    "idle",
    "inactiv",
    "lockout",
    "cooldown",
    "grace",
    "debounce",
    "delay",
    "interval",
    "every",
    "poll",
    "reserv",
    "hold",
    "caduc",
    "vence",
    "ablauf",
    "läuft",
    "истека",
    "만료",
    "过期",
    "超时",
    "タイムアウト",
    "old",
];

/// Words just before a time that make it an interval: `every 30 seconds`.
pub const INTERVAL_WORDS: &[&str] = &[
    "every",
    "cada",
    "alle",
    "chaque",
    "каждые",
    "каждую",
    "매",
    "每",
];

/// Words that make a number a setting, a condition or an example, not a
/// commitment: `default 20%`, `if 5+ new pieces exist`.
pub const SETTING_WORDS: &[&str] = &[
    "default",
    "configurable",
    "threshold",
    "if",
    "e.g",
    "example",
    "defecto",
    "défaut",
    "standardmäßig",
    "기본값",
    "임계값",
    "默认",
    "阈值",
    "умолчани",
];

/// Words about money: margins, prices and fees are never targets.
pub const MONEY_WORDS: &[&str] = &[
    "margin",
    "price",
    "pricing",
    "discount",
    "revenue",
    "cost",
    "fee",
    "tax",
    "mrr",
    "arr",
    "precio",
    "preço",
    "prix",
    "preis",
    "impuesto",
    "imposto",
    "multa",
    "marge",
    "가격",
    "매출",
    "수수료",
    "价格",
    "费用",
    "цен",
];

/// Words after a count that make it a span of the calendar: `within 2
/// weeks`, `6개월`. Whole words (unspaced ones open the run).
pub const CALENDAR_WORDS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "quarter",
    "quarters",
    "día",
    "días",
    "dia",
    "dias",
    "semana",
    "semanas",
    "mes",
    "meses",
    "año",
    "años",
    "ano",
    "anos",
    "jour",
    "jours",
    "semaine",
    "semaines",
    "mois",
    "an",
    "ans",
    "année",
    "années",
    "tag",
    "tage",
    "tagen",
    "woche",
    "wochen",
    "monat",
    "monate",
    "monaten",
    "jahr",
    "jahre",
    "jahren",
    "день",
    "дня",
    "дней",
    "неделя",
    "недели",
    "недель",
    "месяц",
    "месяца",
    "месяцев",
    "год",
    "года",
    "лет",
    "일",
    "주",
    "개월",
    "년",
    "天",
    "周",
    "个月",
    "月",
    "年",
];

/// Words before a number that make it an estimate of today, not a goal.
pub const ESTIMATE_WORDS: &[&str] = &[
    "about",
    "approximately",
    "approx",
    "around",
    "circa",
    "roughly",
    "aproximadamente",
    "environ",
    "etwa",
    "ungefähr",
    "около",
    "примерно",
    "약",
    "约",
    "大约",
];

/// Words that make a rate a limit imposed on callers, not a throughput.
pub const RATE_LIMIT_WORDS: &[&str] = &["limit", "throttl", "quota", "cuota", "drossel"];

/// Words that say a time is how long a person takes, not the system.
/// Words that link a product measure to its bound, not part of what is
/// measured: `Cart abandonment (stays) below 60%`, `Churn reduced to < 3%`.
pub const SUBJECT_LINKS: &[&str] = &[
    "to",
    "by",
    "of",
    "at",
    "is",
    "are",
    "be",
    "stays",
    "stay",
    "remains",
    "remain",
    "should",
    "must",
    "will",
    "reduced",
    "increased",
    "decreased",
    "cut",
    "down",
    "up",
    "kept",
    "under",
    "over",
    "for",
    "in",
    "on",
    "with",
    "and",
    "or",
    "de",
    "a",
    "en",
    "em",
    "et",
    "y",
    "e",
    "und",
    "auf",
    "bei",
    "von",
];

pub const PERSON_WORDS: &[&str] = &[
    "user",
    "users",
    "developer",
    "member",
    "usuario",
    "desarrollador",
    "utilisateur",
    "benutzer",
    "nutzer",
    "пользовател",
    "사용자",
    "用户",
];
