use super::*;

fn parse(text: &str) -> Result<Config, String> {
    toml::from_str::<Config>(text).map_err(|e| e.message().to_string())
}

fn check(text: &str) -> Result<(), String> {
    parse(text)?.check("x.toml: ").map_err(|e| e.to_string())
}

#[test]
fn file_overrides_only_what_it_names() {
    let config = parse("model_dir = \"elsewhere\"").unwrap();
    assert_eq!(config.model_dir, Some(PathBuf::from("elsewhere")));
    assert_eq!(config.thresholds, Thresholds::default());
    assert_eq!(config.ui.language, Lang::Ko);
}

#[test]
fn unknown_keys_and_values_are_rejected_with_a_clear_message() {
    assert!(parse("modle_dir = \"typo\"")
        .unwrap_err()
        .contains("unknown field `modle_dir`"));
    assert!(parse("[ui]\nlanguage = \"fr\"")
        .unwrap_err()
        .contains("unknown variant `fr`"));
    assert_eq!(
        parse("[ui]\nidle_seconds = -5").unwrap_err(),
        "-5 seconds: must be 1 or more"
    );
    // Zero would reset the kiosk at once and wipe every keystroke.
    assert_eq!(
        parse("[ui]\nidle_seconds = 0").unwrap_err(),
        "0 seconds: must be 1 or more"
    );
    assert_eq!(
        parse("[ui]\ncountdown_seconds = 0").unwrap_err(),
        "0 seconds: must be 1 or more"
    );
}

#[test]
fn rules_serde_cannot_express_are_checked() {
    assert_eq!(check(""), Ok(()));
    assert_eq!(
        check("[thresholds.en]\nanswer = 0.3\nmargin = 0.04\nchoice = 0.5").unwrap_err(),
        "x.toml: `thresholds.en.choice`: 0.5 is above thresholds.en.answer (0.3): nothing could be offered as a choice that is not already an answer"
    );
    assert_eq!(
        check("[thresholds]\nmax_choices = 0").unwrap_err(),
        "x.toml: `thresholds.max_choices`: 0 is not between 1 and 7"
    );
    assert_eq!(
        check("[thresholds.ko]\nanswer = 0.8\nmargin = -0.1\nchoice = 0.7").unwrap_err(),
        "x.toml: `thresholds.ko.margin`: -0.1 is not between 0 and 1"
    );
    assert_eq!(
        check("[thresholds.en]\nanswer = 0.8\nmargin = 0.06\nchoice = 0.7\n[thresholds.en.long]\nafter_words = 8\nper_word = 0.2")
            .unwrap_err(),
        "x.toml: `thresholds.en.long.per_word`: 0.2 is not between 0 and 0.05"
    );
    assert_eq!(
        check("[thresholds.en]\nanswer = 0.8\nmargin = 0.06\nchoice = 0.7\n[thresholds.en.long]\nafter_words = 8\nper_word = 0.004\nmax_drop = 0.06"),
        Ok(())
    );
    assert!(check("[ui]\nstaff_pin = \"12a4\"")
        .unwrap_err()
        .contains("`ui.staff_pin`: must be digits only"));
}

#[test]
fn syntax_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minwon.toml");
    std::fs::write(&path, "[ui]\nmode = \"kiosk\"\nidle_seconds = \"soon\"\n").unwrap();
    let err = Config::from_file(&path).unwrap_err().to_string();
    assert!(err.starts_with(&format!("{}:3: ", path.display())), "{err}");
}

/// A home folder with corpus/ and models/, like a checkout.
fn home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
    std::fs::create_dir_all(dir.path().join(DEFAULT_MODEL_DIR)).unwrap();
    dir
}

#[test]
fn minwon_home_is_found_from_anywhere() {
    let home = home();
    let elsewhere = tempfile::tempdir().unwrap();
    let env = Env {
        home: Some(home.path().to_path_buf()),
        cwd: elsewhere.path().to_path_buf(),
    };
    let paths = Settings::load(&Flags::default(), &env).unwrap().paths;
    assert_eq!(paths.corpus, home.path().join("corpus"));
    assert_eq!(paths.index, home.path().join("index"));
    assert_eq!(paths.model, home.path().join(DEFAULT_MODEL_DIR));
    assert_eq!(paths.log, Some(home.path().join("minwon-log.jsonl")));
}

#[test]
fn flags_beat_the_config_file_which_beats_the_home() {
    let home = home();
    let config = home.path().join(CONFIG_IN_HOME);
    std::fs::write(&config, "corpus_dir = \"mine\"\nindex_dir = \"/srv/idx\"\n").unwrap();
    std::fs::create_dir_all(home.path().join("mine")).unwrap();
    let env = Env {
        home: Some(home.path().to_path_buf()),
        cwd: PathBuf::from("/"),
    };
    let paths = Settings::load(&Flags::default(), &env).unwrap().paths;
    assert_eq!(paths.corpus, home.path().join("mine"));
    assert_eq!(paths.index, PathBuf::from("/srv/idx"));

    let flags = Flags {
        corpus: Some(PathBuf::from("/flag/corpus")),
        ..Flags::default()
    };
    let paths = Settings::load(&flags, &env).unwrap().paths;
    assert_eq!(paths.corpus, PathBuf::from("/flag/corpus"));
}

#[test]
fn the_current_directory_is_the_last_resort() {
    let home = home();
    let empty = tempfile::tempdir().unwrap();
    let env = Env {
        home: Some(empty.path().to_path_buf()),
        cwd: home.path().to_path_buf(),
    };
    let paths = Settings::load(&Flags::default(), &env).unwrap().paths;
    assert_eq!(paths.corpus, home.path().join("corpus"));
    assert_eq!(paths.index, home.path().join("index"));
}

#[test]
fn nothing_found_names_every_place_looked() {
    let empty = tempfile::tempdir().unwrap();
    let env = Env {
        home: Some(PathBuf::from("/no/such/home")),
        cwd: empty.path().to_path_buf(),
    };
    let err = Settings::load(&Flags::default(), &env)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "the corpus not found; looked in /no/such/home/corpus ($MINWON_HOME), {}/corpus (the current directory). Set MINWON_HOME to the folder that holds corpus/, index/ and models/, or run minwon from it",
            empty.path().display()
        )
    );
}

#[test]
fn speech_defaults_to_espeak_ng_and_its_rules_are_checked() {
    let speech = parse("").unwrap().speech;
    assert_eq!(
        speech.command,
        [
            "espeak-ng",
            "-v",
            "{voice}",
            "-s",
            "{rate}",
            "-a",
            "{volume}"
        ]
    );
    assert!(speech.enabled && !speech.auto);
    assert_eq!(
        (speech.voice_ko.as_str(), speech.voice_en.as_str()),
        ("ko", "en")
    );
    assert_eq!(
        check("[speech]\ncommand = [\"piper\", \"--text\", \"{text}\"]\nauto = true"),
        Ok(())
    );
    let cases = [
        ("command = []", "`speech.command`: is empty"),
        (
            "command = [\"{voice}\"]",
            "`speech.command`: the program `{voice}` may not be a placeholder",
        ),
        (
            "command = [\"tts\", \"{speed}\"]",
            "`speech.command`: unknown placeholder `{speed}` (use {voice}, {rate}, {volume}, {text})",
        ),
        (
            "volume = 300",
            "`speech.volume`: 300 is not between 10 and 200",
        ),
        ("voice_ko = \" \"", "`speech.voice_ko`: is empty"),
        (
            "rate = 20",
            "`speech.rate`: 20 words per minute is not between 80 and 450",
        ),
    ];
    for (text, message) in cases {
        let err = check(&format!("[speech]\n{text}")).unwrap_err();
        assert!(
            err.starts_with(&format!("x.toml: {message}")),
            "{text}: {err}"
        );
    }
    assert!(parse("[speech]\nvoice = \"ko\"")
        .unwrap_err()
        .contains("unknown field `voice`"));
}

#[test]
fn the_example_config_is_valid_and_shows_the_speech_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/minwon.example.toml");
    let config = Config::from_file(&path).unwrap();
    config.check("").unwrap();
    assert_eq!(config.speech, SpeechConfig::default());
    assert_eq!(config.embedding, EmbeddingConfig::default());
}

#[test]
fn import_has_the_portals_defaults_its_rules_and_a_key_file_beside_the_config() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/minwon.example.toml");
    assert_eq!(
        Config::from_file(&example).unwrap().import,
        ImportConfig::default()
    );
    let import = parse("").unwrap().import;
    assert_eq!(import.api_url, DEFAULT_API_URL);
    assert_eq!((import.max_age_days, import.tries), (365, 5));
    for (text, message) in [
        (
            "api_url = \"ftp://x\"",
            "`import.api_url`: \"ftp://x\" is not an http(s):// address",
        ),
        (
            "per_page = 0",
            "`import.per_page`: 0 is not between 1 and 10000",
        ),
        (
            "timeout_seconds = 0",
            "`import.timeout_seconds`: 0 is not between 0.001 and 3600 seconds",
        ),
        ("tries = 0", "`import.tries`: 0 is not between 1 and 20"),
    ] {
        assert_eq!(
            check(&format!("[import]\n{text}")).unwrap_err(),
            format!("x.toml: {message}"),
            "{text}"
        );
    }

    let home = home();
    let config = home.path().join(CONFIG_IN_HOME);
    std::fs::write(
        &config,
        "[import]\nservice_key_file = \"secret/gov24.key\"\n",
    )
    .unwrap();
    let env = Env {
        home: Some(home.path().to_path_buf()),
        cwd: PathBuf::from("/"),
    };
    let paths = Settings::load(&Flags::default(), &env).unwrap().paths;
    assert_eq!(
        paths.service_key_file,
        Some(home.path().join("secret/gov24.key"))
    );
}
