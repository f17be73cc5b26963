//! Turning replies and escalation notices into Discord embeds and components,
//! cut to Discord's limits so that no message is ever refused for length.

use super::custom_id::{Action, NONE_OF_THESE};
use super::staff_text::Staff;
use crate::render::{Reply, Voice};
use serenity::all::{
    ButtonStyle, Colour, CreateActionRow, CreateButton, CreateEmbed, CreateEmbedFooter,
    CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption,
};

/// Discord's limits (characters, counted as UTF-16 units by Discord; we count
/// chars and leave a margin where text is non-BMP-heavy, see `cut`).
pub const TITLE_MAX: usize = 256;
pub const DESCRIPTION_MAX: usize = 4096;
pub const FIELD_MAX: usize = 1024;
pub const CONTENT_MAX: usize = 2000;
pub const BUTTON_LABEL_MAX: usize = 80;
pub const SELECT_LABEL_MAX: usize = 100;
pub const SELECT_OPTIONS_MAX: usize = 25;
/// All titles, descriptions, field names and values of one embed together.
pub const EMBED_TOTAL_MAX: usize = 6000;

const ANSWER_COLOUR: Colour = Colour(0x3b82f6);
const CLARIFY_COLOUR: Colour = Colour(0xf59e0b);

/// `text` cut to at most `max` UTF-16 units (Discord's unit), ending in "…"
/// when cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let n = c.len_utf16();
        if used + n > max.saturating_sub(1) {
            break;
        }
        out.push(c);
        used += n;
    }
    out.push('…');
    out
}

/// As many of `lines` as fit in `max` (the newest kept: they matter most),
/// one per line; "…" first when older ones were left out.
pub fn cut_lines(lines: &[String], max: usize) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 0;
    for line in lines.iter().rev() {
        let n = line.encode_utf16().count() + 1;
        if used + n > max.saturating_sub(2) {
            kept.push("…");
            break;
        }
        used += n;
        kept.push(line);
    }
    if kept.is_empty() {
        return "—".to_string();
    }
    kept.reverse();
    cut(&kept.join("\n"), max)
}

/// The answer for one scenario: title, steps, related scenarios, safety line.
pub fn answer(reply: &Reply, voice: Voice) -> CreateEmbed {
    CreateEmbed::new()
        .title(cut(&voice.write(&reply.title), TITLE_MAX))
        .description(cut(
            &voice.write(&reply.description(voice.lang)),
            DESCRIPTION_MAX,
        ))
        .colour(ANSWER_COLOUR)
        .footer(CreateEmbedFooter::new(cut(
            voice.ui().helped_question,
            FIELD_MAX,
        )))
}

/// "Solved" / "Still stuck" under an answer, for `user` only.
pub fn feedback_buttons(log: i64, user: u64, scenario: &str, voice: Voice) -> Vec<CreateActionRow> {
    let (ui, lang) = (voice.ui(), voice.lang);
    let mut buttons = Vec::new();
    if let Some(id) = (Action::Solved { lang, log, user }).encode() {
        buttons.push(
            CreateButton::new(id)
                .label(cut(ui.solved, BUTTON_LABEL_MAX))
                .style(ButtonStyle::Success),
        );
    }
    let stuck = Action::Stuck {
        lang,
        log,
        user,
        scenario: scenario.to_string(),
    };
    if let Some(id) = stuck.encode() {
        buttons.push(
            CreateButton::new(id)
                .label(cut(ui.still_stuck, BUTTON_LABEL_MAX))
                .style(ButtonStyle::Secondary),
        );
    }
    if buttons.is_empty() {
        Vec::new()
    } else {
        vec![CreateActionRow::Buttons(buttons)]
    }
}

/// The clarifying question: an embed and a select menu of the likely
/// scenarios plus "none of these".
pub fn clarify(
    options: &[(String, String)],
    log: i64,
    user: u64,
    voice: Voice,
) -> (CreateEmbed, Vec<CreateActionRow>) {
    let (ui, lang) = (voice.ui(), voice.lang);
    let embed = CreateEmbed::new()
        .description(cut(ui.clarify, DESCRIPTION_MAX))
        .colour(CLARIFY_COLOUR);
    let mut choices: Vec<CreateSelectMenuOption> = options
        .iter()
        .take(SELECT_OPTIONS_MAX - 1)
        .map(|(id, title)| {
            CreateSelectMenuOption::new(cut(&voice.write(title), SELECT_LABEL_MAX), id.as_str())
        })
        .collect();
    choices.push(CreateSelectMenuOption::new(
        cut(ui.none_of_these, SELECT_LABEL_MAX),
        NONE_OF_THESE,
    ));
    let Some(id) = (Action::Pick { lang, log, user }).encode() else {
        return (embed, Vec::new());
    };
    // Discord allows 150 characters of placeholder.
    let menu = CreateSelectMenu::new(id, CreateSelectMenuKind::String { options: choices })
        .placeholder(cut(ui.clarify, 150))
        .min_values(1)
        .max_values(1);
    (embed, vec![CreateActionRow::SelectMenu(menu)])
}

/// Where an escalation stands, as the notice shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeState {
    Open,
    Claimed { by: String },
    Resolved { by: String, note: String },
    Dismissed { by: String, note: String },
}

impl NoticeState {
    pub fn word(&self) -> &'static str {
        match self {
            NoticeState::Open => "open",
            NoticeState::Claimed { .. } => "claimed",
            NoticeState::Resolved { .. } => "resolved",
            NoticeState::Dismissed { .. } => "dismissed",
        }
    }
}

/// Everything the moderators' notice shows about one case.
#[derive(Debug, Clone)]
pub struct Notice {
    pub case_id: i64,
    /// A mention of the Discord user (or a terminal user's name).
    pub user: String,
    pub scenario: Option<String>,
    pub reason: String,
    /// Already redacted: nothing raw is ever shown to moderators either.
    pub text: String,
    pub context: Option<String>,
    pub jump: Option<String>,
    pub state: NoticeState,
    /// The server the case came from (`None`: a DM or the terminal), which
    /// decides whose moderators see it.
    pub guild: Option<u64>,
    /// The member's Discord id and the channel they wrote in, for the
    /// case's private thread.
    pub member: Option<u64>,
    pub channel: Option<u64>,
    /// Where moderators talk with the member: a thread mention, or a note
    /// that it is by DM.
    pub thread: Option<String>,
}

/// The notice posted in the escalation channel, in `staff`'s language.
pub fn notice(n: &Notice, staff: Staff) -> CreateEmbed {
    notice_with(n, &[], staff)
}

/// The notice with `extra` fields (name, value) after its own, e.g. the
/// history in `/escalations show`. Discord also limits a whole embed to 6000
/// characters: the member's text, the only part without a small bound of its
/// own, gets what the fields leave.
pub fn notice_with(n: &Notice, extra: &[(&str, String)], staff: Staff) -> CreateEmbed {
    let t = staff.text();
    let colour = match &n.state {
        NoticeState::Open => Colour(0xef4444),
        NoticeState::Claimed { .. } => Colour(0xf59e0b),
        NoticeState::Resolved { .. } => Colour(0x22c55e),
        NoticeState::Dismissed { .. } => Colour(0x6b7280),
    };
    let status = staff.status_line(&n.state);
    let title = cut(&staff.case_title(n.case_id), TITLE_MAX);
    let mut fields: Vec<(&str, String, bool)> = vec![
        (t.user, cut(&n.user, FIELD_MAX), true),
        (
            t.scenario,
            cut(n.scenario.as_deref().unwrap_or(t.no_scenario), FIELD_MAX),
            true,
        ),
        (t.reason, cut(&n.reason, FIELD_MAX), true),
        (t.status, cut(&status, FIELD_MAX), false),
    ];
    if let Some(context) = &n.context {
        fields.push((t.already_tried, cut(context, FIELD_MAX), false));
    }
    if let Some(jump) = &n.jump {
        fields.push((t.message, cut(jump, FIELD_MAX), false));
    }
    if let Some(thread) = &n.thread {
        fields.push((t.talk, cut(thread, FIELD_MAX), false));
    }
    for (name, value) in extra {
        fields.push((name, cut(value, FIELD_MAX), false));
    }
    let units = |t: &str| t.encode_utf16().count();
    let used = units(&title)
        + fields
            .iter()
            .map(|(name, value, _)| units(name) + units(value))
            .sum::<usize>();
    let room = EMBED_TOTAL_MAX.saturating_sub(used).min(DESCRIPTION_MAX);
    let text = if n.text.trim().is_empty() {
        t.no_text
    } else {
        n.text.as_str()
    };
    let mut embed = CreateEmbed::new()
        .title(title)
        .description(cut(text, room))
        .colour(colour);
    for (name, value, inline) in fields {
        embed = embed.field(name, value, inline);
    }
    embed
}

/// Claim (or Unclaim), Resolve and Dismiss on an open or claimed notice;
/// Reopen once it is closed.
pub fn notice_buttons(n: &Notice, staff: Staff) -> Vec<CreateActionRow> {
    let case = n.case_id;
    let t = staff.text();
    let wanted: Vec<(Action, &str, ButtonStyle)> = match n.state {
        NoticeState::Open => vec![
            (Action::Claim { case }, t.claim, ButtonStyle::Primary),
            (Action::Resolve { case }, t.resolve, ButtonStyle::Success),
            (Action::Dismiss { case }, t.dismiss, ButtonStyle::Secondary),
        ],
        NoticeState::Claimed { .. } => vec![
            (Action::Unclaim { case }, t.unclaim, ButtonStyle::Secondary),
            (Action::Resolve { case }, t.resolve, ButtonStyle::Success),
            (Action::Dismiss { case }, t.dismiss, ButtonStyle::Secondary),
        ],
        NoticeState::Resolved { .. } | NoticeState::Dismissed { .. } => {
            vec![(Action::Reopen { case }, t.reopen, ButtonStyle::Secondary)]
        }
    };
    let buttons: Vec<CreateButton> = wanted
        .into_iter()
        .filter_map(|(action, label, style)| {
            Some(
                CreateButton::new(action.encode()?)
                    .label(label)
                    .style(style),
            )
        })
        .collect();
    if buttons.is_empty() {
        Vec::new()
    } else {
        vec![CreateActionRow::Buttons(buttons)]
    }
}

/// "Take over" under the confirmation a moderator gets for a case another
/// moderator holds.
pub fn takeover_button(case: i64, staff: Staff) -> Vec<CreateActionRow> {
    match (Action::TakeOver { case }).encode() {
        Some(id) => vec![CreateActionRow::Buttons(vec![CreateButton::new(id)
            .label(staff.text().take_over)
            .style(ButtonStyle::Danger)])],
        None => Vec::new(),
    }
}

/// "Newer" and "Older" under a page of `/escalations list`.
pub fn page_buttons(
    offset: u32,
    page: u32,
    more: bool,
    status: Option<&str>,
    staff: Staff,
) -> Vec<CreateActionRow> {
    let status = status.map(str::to_string);
    let mut buttons = Vec::new();
    let newer = Action::Page {
        offset: offset.saturating_sub(page),
        status: status.clone(),
    };
    let older = Action::Page {
        offset: offset + page,
        status,
    };
    let t = staff.text();
    for (action, label, show) in [(newer, t.newer, offset > 0), (older, t.older, more)] {
        if let (true, Some(id)) = (show, action.encode()) {
            buttons.push(
                CreateButton::new(id)
                    .label(label)
                    .style(ButtonStyle::Secondary),
            );
        }
    }
    if buttons.is_empty() {
        Vec::new()
    } else {
        vec![CreateActionRow::Buttons(buttons)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_never_exceeds_the_whole_embed_limit() {
        let n = Notice {
            guild: None,
            member: None,
            channel: None,
            thread: None,
            case_id: 1,
            user: "<@1>".into(),
            scenario: Some("id-misuse".into()),
            reason: "knowledge-base".into(),
            text: "x".repeat(5000),
            context: Some("y".repeat(2000)),
            jump: Some("https://discord.com/channels/1/2/3".into()),
            state: NoticeState::Resolved {
                by: "mod".into(),
                note: "z".repeat(1000),
            },
        };
        let history = ("History", "h".repeat(2000));
        let embed = serde_json::to_value(notice_with(&n, &[history], Staff::En)).unwrap();
        let mut total = embed["title"].as_str().unwrap().chars().count()
            + embed["description"].as_str().unwrap().chars().count();
        for f in embed["fields"].as_array().unwrap() {
            total += f["name"].as_str().unwrap().chars().count();
            total += f["value"].as_str().unwrap().chars().count();
        }
        assert!(total <= EMBED_TOTAL_MAX, "{total}");
        assert!(embed["description"].as_str().unwrap().ends_with('…'));
    }

    #[test]
    fn cut_respects_utf16_units_and_marks_the_cut() {
        assert_eq!(cut("short", 10), "short");
        let long = "认".repeat(300);
        let c = cut(&long, TITLE_MAX);
        assert_eq!(c.encode_utf16().count(), TITLE_MAX);
        assert!(c.ends_with('…'));
        let emoji = "😀".repeat(100);
        assert!(cut(&emoji, 80).encode_utf16().count() <= 80);
    }
}
