//! The serenity event handler: routes each event to its module. Every event
//! runs under an in-flight guard so that shutdown can wait for it, and
//! nothing here returns an error: a failed event is logged and the bot goes
//! on with the next one.

use super::commands;
use super::interactions;
use super::messages;
use super::notice_actions;
use super::state::Data;
use serenity::all::{
    Context, EventHandler, Interaction, Message, MessageUpdateEvent, Ready, ResumedEvent,
};
use serenity::async_trait;

pub struct Handler {
    pub data: Data,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let Some(_guard) = self.data.enter().await else {
            return;
        };
        self.data.set_bot_user(ready.user.id.get());
        tracing::info!(
            user = %ready.user.id,
            shard = ctx.shard_id.0,
            guilds = ready.guilds.len(),
            "connected to Discord"
        );
        // One registrar among several processes: the one running shard 0
        // (every deployment has exactly one shard 0).
        if ctx.shard_id.0 == 0 && self.data.first_ready() {
            commands::register(&ctx, &self.data).await;
        }
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        tracing::info!("gateway session resumed");
    }

    async fn message(&self, ctx: Context, msg: Message) {
        // For the message -> reply latency metric: from here, where
        // serenity hands the event over, to the reply's 200.
        let received = std::time::Instant::now();
        let Some(_guard) = self.data.enter().await else {
            return;
        };
        messages::handle(&ctx, &self.data, &msg, received).await;
    }

    async fn message_update(
        &self,
        ctx: Context,
        _old: Option<Message>,
        _new: Option<Message>,
        event: MessageUpdateEvent,
    ) {
        let Some(_guard) = self.data.enter().await else {
            return;
        };
        messages::edited(&ctx, &self.data, &event).await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let Some(_guard) = self.data.enter().await else {
            return;
        };
        match interaction {
            Interaction::Command(i) => commands::run(&ctx, &self.data, &i).await,
            Interaction::Autocomplete(i) => commands::autocomplete(&ctx, &self.data, &i).await,
            Interaction::Component(i) => interactions::component(&ctx, &self.data, &i).await,
            Interaction::Modal(i) => notice_actions::modal(&ctx, &self.data, &i).await,
            _ => {}
        }
    }
}
