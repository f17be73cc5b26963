//! `kyc-triage chat`: the support conversation in a terminal, as members
//! have it on Discord. The rules live in [`crate::conversation`]; this
//! file only reads lines, keeps what the bot last asked, and prints.
//!
//! At a terminal, lines are edited and remembered with rustyline; piped
//! input is read one message per line, each line cut at
//! [`MAX_LINE_BYTES`] before it is buffered, so a 100 MB line costs 64 KiB.
//! `/help`, `/reset` and `/quit` are commands, never messages.

use crate::conversation::{Conversation, Expecting, Member, Said, Turn};
use crate::render::{escalation_notice, ui};
use std::io::{BufRead, Write};
use tokio::runtime::Runtime;

/// Longest line kept from piped input; the rest of that line is dropped
/// with a notice. Discord's own limit is 4,000 characters (16 KB at most).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

const WELCOME: &str = "kyc-triage chat: describe your verification problem in English or 中文. /help for commands, /quit or Ctrl-D to leave.";

const HELP: &str = "Describe your verification problem in your own words, in English or 中文.
After an answer, say whether it helped (yes / no, 好了 / 还是不行); pick from a menu by number (0: none of these).
Commands:
  /help   this text
  /reset  forget the current question and start again
  /quit   leave (also /exit or Ctrl-D)";

/// A chat command, told apart from a message by its leading slash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    Help,
    Reset,
    Quit,
    Unknown,
}

fn command(line: &str) -> Option<Command> {
    let word = line
        .strip_prefix('/')?
        .split_whitespace()
        .next()
        .unwrap_or("");
    Some(match word.to_ascii_lowercase().as_str() {
        "help" | "h" | "?" => Command::Help,
        "reset" | "new" => Command::Reset,
        "quit" | "exit" | "q" => Command::Quit,
        _ => Command::Unknown,
    })
}

/// One terminal conversation: who is talking and what the bot last asked.
pub struct Session<'a> {
    runtime: &'a Runtime,
    conversation: &'a Conversation,
    member: Member,
    expecting: Expecting,
}

impl<'a> Session<'a> {
    pub fn new(runtime: &'a Runtime, conversation: &'a Conversation, member: Member) -> Self {
        Session {
            runtime,
            conversation,
            member,
            expecting: Expecting::Nothing,
        }
    }

    /// One message, as the member typed it; what the bot says back.
    pub fn say(&mut self, text: &str) -> Said {
        let said = self.runtime.block_on(self.conversation.message(
            &self.member,
            &self.expecting,
            text,
            true,
        ));
        self.expecting = said.next.clone();
        said
    }

    /// Handles one line; false once the member asked to leave.
    pub fn line(&mut self, line: &str, out: &mut dyn Write) -> std::io::Result<bool> {
        let line = line.trim();
        if line.is_empty() {
            return Ok(true);
        }
        match command(line) {
            Some(Command::Quit) => return Ok(false),
            Some(Command::Help) => writeln!(out, "{HELP}")?,
            Some(Command::Reset) => {
                self.expecting = Expecting::Nothing;
                writeln!(out, "Starting over: describe your problem.")?;
            }
            Some(Command::Unknown) => {
                writeln!(out, "Unknown command {line}; /help lists them.")?;
            }
            None => {
                let said = self.say(line);
                write!(out, "{}", render(&said))?;
            }
        }
        Ok(true)
    }
}

/// What the bot says, as terminal text (one or more lines, newline-ended).
pub fn render(said: &Said) -> String {
    let ui = ui(said.language);
    let mut text = String::new();
    let mut line = |s: &str| {
        text.push_str(s);
        text.push('\n');
    };
    if said.sensitive {
        // As on Discord: say so, so the habit does not carry to public channels.
        line(ui.sensitive_warning);
    }
    match &said.turn {
        Turn::Answer { reply, .. } => {
            line(&reply.to_text(said.language));
            line(&format!(
                "{} [y] {} / [n] {}",
                ui.helped_question, ui.solved, ui.still_stuck
            ));
        }
        Turn::Menu { options, again, .. } => {
            line(if *again { ui.pick_again } else { ui.clarify });
            for (n, (_, title)) in options.iter().enumerate() {
                line(&format!("  {}. {title}", n + 1));
            }
            line(&format!("  0. {}", ui.none_of_these));
        }
        Turn::Escalated {
            case,
            reply,
            misuse_advice,
            no_match,
            ..
        } => {
            if *no_match {
                line(ui.no_match);
            }
            // The case number first: it is what the member must keep.
            line(&escalation_notice(said.language, case.0, *misuse_advice));
            if let Some(reply) = reply {
                line(&reply.to_text(said.language));
            }
        }
        Turn::StoreDown { reply } => {
            line(ui.store_down);
            if let Some(reply) = reply {
                line(&reply.to_text(said.language));
            }
        }
        Turn::Thanks => line(ui.thanks),
        Turn::NotOurs => line(ui.ignored),
        Turn::Silent => {}
    }
    text
}

/// Reads one line of at most `max` bytes. The rest of a longer line is
/// read and dropped without being buffered; the flag says it was cut.
/// Bytes that are not UTF-8 become U+FFFD instead of ending the session.
pub fn read_line_bounded(
    input: &mut impl BufRead,
    max: usize,
) -> std::io::Result<Option<(String, bool)>> {
    let mut kept: Vec<u8> = Vec::new();
    let mut cut = false;
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        let room = max.saturating_sub(kept.len());
        if chunk.len() > room {
            cut = true;
        }
        kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = done.unwrap_or(buf.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if kept.last() == Some(&b'\r') {
        kept.pop();
    }
    // A cut may split a character: lossy decoding turns the stub into U+FFFD.
    Ok(Some((String::from_utf8_lossy(&kept).into_owned(), cut)))
}

/// Runs the conversation over piped input until its end or `/quit`.
pub fn run(
    session: &mut Session<'_>,
    mut input: impl BufRead,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    while let Some((line, cut)) = read_line_bounded(&mut input, MAX_LINE_BYTES)? {
        if cut {
            writeln!(
                out,
                "(that line was longer than {} KiB; only its start was read)",
                MAX_LINE_BYTES / 1024
            )?;
        }
        if !session.line(&line, out)? {
            break;
        }
        out.flush()?;
    }
    Ok(())
}

/// Runs the conversation at a terminal, with line editing and history.
pub fn run_terminal(session: &mut Session<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    use rustyline::error::ReadlineError;
    let mut editor = rustyline::DefaultEditor::new().map_err(std::io::Error::other)?;
    writeln!(out, "{WELCOME}")?;
    loop {
        match editor.readline("> ") {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                if !session.line(&line, out)? {
                    break;
                }
                out.flush()?;
            }
            // Ctrl-C drops the line being typed, as shells do; Ctrl-D leaves.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(std::io::Error::other(e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_told_from_messages() {
        assert_eq!(command("/help"), Some(Command::Help));
        assert_eq!(command("/Quit"), Some(Command::Quit));
        assert_eq!(command("/reset now"), Some(Command::Reset));
        assert_eq!(command("/frobnicate"), Some(Command::Unknown));
        assert_eq!(command("help"), None);
    }

    #[test]
    fn a_long_line_is_cut_before_it_is_buffered_and_the_next_line_survives() {
        let mut data = vec![b'a'; 1_000_000];
        data.extend_from_slice(b"\nsecond\r\n");
        let mut input = std::io::BufReader::with_capacity(4096, &data[..]);
        let (first, cut) = read_line_bounded(&mut input, 1024).unwrap().unwrap();
        assert!(cut);
        assert_eq!(first.len(), 1024);
        let (second, cut) = read_line_bounded(&mut input, 1024).unwrap().unwrap();
        assert_eq!((second.as_str(), cut), ("second", false));
        assert!(read_line_bounded(&mut input, 1024).unwrap().is_none());
    }
}
