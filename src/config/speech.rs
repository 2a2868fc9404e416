//! The `[speech]` table: which local text-to-speech program reads the
//! screens aloud, with which voices and how fast, and the rules it must meet.

use serde::Deserialize;

/// The `[speech]` table: the kiosk and clerk screens read aloud through a
/// local text-to-speech program, run without a shell.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeechConfig {
    /// Off: no Listen option anywhere.
    pub enabled: bool,
    /// The program and its arguments. `{voice}`, `{rate}` and `{volume}`
    /// are filled in; the text goes to stdin, or into the argument holding
    /// `{text}`.
    pub command: Vec<String>,
    /// The voice for Korean and for English (`{voice}`).
    pub voice_ko: String,
    pub voice_en: String,
    /// Words per minute (`{rate}`); espeak-ng's own default is 175.
    pub rate: u32,
    /// Volume (`{volume}`), espeak-ng's amplitude: 100 is its default.
    pub volume: u32,
    /// Read each new screen without a key press (for accessible terminals).
    pub auto: bool,
    /// Greet the first key press of each session aloud and say how to use
    /// the kiosk by ear (kiosk only).
    pub welcome: bool,
}

impl Default for SpeechConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            command: [
                "espeak-ng",
                "-v",
                "{voice}",
                "-s",
                "{rate}",
                "-a",
                "{volume}",
            ]
            .map(String::from)
            .to_vec(),
            voice_ko: "ko".into(),
            voice_en: "en".into(),
            rate: 150,
            volume: 100,
            auto: false,
            welcome: true,
        }
    }
}

/// The placeholders a speech command may hold.
const SPEECH_PLACEHOLDERS: [&str; 4] = ["{voice}", "{rate}", "{volume}", "{text}"];

/// Speech rates a listener can follow, in words per minute.
pub const SPEECH_RATES: std::ops::RangeInclusive<u32> = 80..=450;
/// Volumes espeak-ng takes (its amplitude).
pub const SPEECH_VOLUMES: std::ops::RangeInclusive<u32> = 10..=200;

impl SpeechConfig {
    /// The rules of [`super::Config::check`] for `[speech]`: the field and why.
    pub(super) fn check_rules(&self) -> Result<(), (&'static str, String)> {
        let Some(program) = self.command.first().filter(|p| !p.trim().is_empty()) else {
            return Err((
                "speech.command",
                "is empty: name a program, e.g. [\"espeak-ng\", \"-v\", \"{voice}\"]".into(),
            ));
        };
        if program.contains('{') {
            return Err((
                "speech.command",
                format!("the program `{program}` may not be a placeholder"),
            ));
        }
        for arg in &self.command {
            let mut rest = arg.as_str();
            while let Some(start) = rest.find('{') {
                let end = rest[start..]
                    .find('}')
                    .map_or(rest.len(), |e| start + e + 1);
                let placeholder = &rest[start..end];
                if !SPEECH_PLACEHOLDERS.contains(&placeholder) {
                    return Err((
                        "speech.command",
                        format!(
                            "unknown placeholder `{placeholder}` (use {})",
                            SPEECH_PLACEHOLDERS.join(", ")
                        ),
                    ));
                }
                rest = &rest[end..];
            }
        }
        for (field, voice) in [
            ("speech.voice_ko", &self.voice_ko),
            ("speech.voice_en", &self.voice_en),
        ] {
            if voice.trim().is_empty() {
                return Err((
                    field,
                    "is empty: name a voice of the engine (espeak-ng: ko, en)".into(),
                ));
            }
        }
        if !SPEECH_RATES.contains(&self.rate) {
            return Err((
                "speech.rate",
                format!(
                    "{} words per minute is not between {} and {}",
                    self.rate,
                    SPEECH_RATES.start(),
                    SPEECH_RATES.end()
                ),
            ));
        }
        if !SPEECH_VOLUMES.contains(&self.volume) {
            return Err((
                "speech.volume",
                format!(
                    "{} is not between {} and {} (100 is espeak-ng's own)",
                    self.volume,
                    SPEECH_VOLUMES.start(),
                    SPEECH_VOLUMES.end()
                ),
            ));
        }
        Ok(())
    }
}
