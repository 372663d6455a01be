// The Notifier over a discord.js Client: DMs with a channel fallback, private pair threads with a
// DM fallback, and role grants. It never throws: a member who closed DMs or a channel the bot
// cannot post in must not undo a match that is already committed. Every outcome is logged.
import {
  ChannelType,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  ThreadAutoArchiveDuration,
  type Client,
  type Guild,
} from "discord.js";
import type { MessageSpec, Notifier } from "../interaction/types.js";
import type { Logger } from "../logger.js";
import { isDmClosed, isMissingPermission, isUnknownChannel, logDiscordError } from "./errors.js";
import { renderChannelFallback, renderChannelMessage } from "./render.js";

async function fetchGuild(client: Client, guildId: string): Promise<Guild> {
  return client.guilds.cache.get(guildId) ?? client.guilds.fetch(guildId);
}

export function createDiscordNotifier(client: Client, logger: Logger): Notifier {
  async function sendDm(
    userId: string,
    message: MessageSpec,
    log: Record<string, unknown>,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    try {
      await client.users.send(userId, renderChannelMessage(message));
      logger.debug(log, "message sent by DM");
      return { ok: true };
    } catch (error) {
      return { ok: false, error };
    }
  }

  async function postInChannel(guildId: string, channelId: string, userId: string): Promise<void> {
    const guild = await fetchGuild(client, guildId);
    const channel = await guild.channels.fetch(channelId);
    if (channel === null || !channel.isSendable()) throw new Error(`channel ${channelId} does not accept messages`);
    await channel.send(renderChannelFallback(userId));
  }

  async function dmBoth(userIds: readonly string[], starter: MessageSpec, log: Record<string, unknown>): Promise<void> {
    for (const userId of userIds) {
      const result = await sendDm(userId, starter, { ...log, userId });
      if (!result.ok) logDiscordError(logger, result.error, { ...log, userId }, "could not send pair introduction by DM");
    }
  }

  const notifier: Notifier = {
    async notifyUser(guildId, userId, message, options = {}) {
      const log = { guildId, userId };
      const dm = await sendDm(userId, message, log);
      if (dm.ok) return "dm";
      const fallbackChannelId = options.fallbackChannelId ?? null;
      if (!isDmClosed(dm.error) || fallbackChannelId === null) {
        logDiscordError(logger, dm.error, log, "could not notify member by DM");
        return "failed";
      }
      logDiscordError(logger, dm.error, log, "DM refused; posting in the fallback channel");
      try {
        await postInChannel(guildId, fallbackChannelId, userId);
        logger.info({ ...log, channelId: fallbackChannelId }, "notification posted in fallback channel");
        return "channel";
      } catch (error) {
        logDiscordError(logger, error, { ...log, channelId: fallbackChannelId }, "could not post notification in fallback channel");
        return "failed";
      }
    },

    async openPairSpace({ guildId, channelId, name, userIds, starter }) {
      const log = { guildId, channelId, userIds };
      if (channelId !== null) {
        try {
          const threadId = await openThread(guildId, channelId, name, userIds, starter, log);
          if (threadId !== null) return { threadId };
        } catch (error) {
          // 50001/50013/10003 are configuration problems a moderator can fix (channel deleted, bot
          // lacks Create Private Threads); anything else is Discord failing. Either way the pair
          // still gets its introduction.
          const why = isMissingPermission(error) || isUnknownChannel(error) ? "cannot open" : "failed to open";
          logDiscordError(logger, error, log, `${why} a private pair thread; sending the introduction by DM`);
        }
      }
      await dmBoth(userIds, starter, log);
      return { threadId: null };
    },

    async postToPair({ guildId, threadId, userIds, message }) {
      const log = { guildId, threadId, userIds };
      if (threadId !== null) {
        try {
          const thread = await client.channels.fetch(threadId);
          if (thread !== null && thread.isThread() && thread.isSendable()) {
            // An archived thread comes back when the bot posts in it; no one is pinged.
            await thread.send(renderChannelMessage(message));
            logger.debug(log, "message posted in pair thread");
            return "thread";
          }
          logger.warn(log, "pair thread is gone or not a thread; sending by DM");
        } catch (error) {
          logDiscordError(logger, error, log, "could not post in pair thread; sending by DM");
        }
      }
      let reached = false;
      for (const userId of userIds) {
        const result = await sendDm(userId, message, { ...log, userId });
        if (result.ok) reached = true;
        else logDiscordError(logger, result.error, { ...log, userId }, "could not send pair message by DM");
      }
      return reached ? "dm" : "failed";
    },

    async addRole(guildId, userId, roleId) {
      try {
        const guild = await fetchGuild(client, guildId);
        const member = await guild.members.fetch(userId);
        await member.roles.add(roleId, "Mentor matching");
        logger.info({ guildId, userId, roleId }, "role given");
        return true;
      } catch (error) {
        logDiscordError(logger, error, { guildId, userId, roleId }, "could not give role");
        return false;
      }
    },

    async createScheduledEvent(guildId, spec) {
      const log = { guildId, channelId: spec.channelId };
      try {
        const guild = await fetchGuild(client, guildId);
        let place: { entityType: GuildScheduledEventEntityType.Voice | GuildScheduledEventEntityType.StageInstance; channel: string } | null = null;
        if (spec.channelId !== null) {
          const channel = await guild.channels.fetch(spec.channelId);
          if (channel === null || (channel.type !== ChannelType.GuildVoice && channel.type !== ChannelType.GuildStageVoice)) {
            logger.warn({ ...log, channelType: channel?.type }, "office hours channel is not a voice or stage channel");
            return { ok: false, reason: "bad-channel" };
          }
          place = { entityType: channel.type === ChannelType.GuildStageVoice ? GuildScheduledEventEntityType.StageInstance : GuildScheduledEventEntityType.Voice, channel: channel.id };
        }
        const event = await guild.scheduledEvents.create({
          name: spec.name.slice(0, 100),
          scheduledStartTime: spec.startsAt,
          scheduledEndTime: spec.endsAt,
          privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
          ...(spec.description === undefined ? {} : { description: spec.description.slice(0, 1000) }),
          ...(place === null
            ? { entityType: GuildScheduledEventEntityType.External, entityMetadata: { location: (spec.location ?? "Discord").slice(0, 100) } }
            : place),
          reason: "Office hours",
        });
        logger.info({ ...log, eventId: event.id }, "scheduled event created");
        return { ok: true, eventId: event.id };
      } catch (error) {
        logDiscordError(logger, error, log, "could not create the scheduled event");
        return { ok: false, reason: isMissingPermission(error) ? "missing-permission" : isUnknownChannel(error) ? "bad-channel" : "failed" };
      }
    },

    async updateScheduledEvent(guildId, eventId, change) {
      const log = { guildId, eventId };
      try {
        const guild = await fetchGuild(client, guildId);
        if ("cancel" in change) await guild.scheduledEvents.edit(eventId, { status: GuildScheduledEventStatus.Canceled, reason: "Office hours cancelled" });
        else await guild.scheduledEvents.edit(eventId, { entityMetadata: { location: change.location.slice(0, 100) }, reason: "Office hours sign-up thread" });
        logger.info(log, "scheduled event updated");
        return true;
      } catch (error) {
        logDiscordError(logger, error, log, "could not update the scheduled event");
        return false;
      }
    },

    async openPublicThread({ guildId, channelId, name, message }) {
      const log = { guildId, channelId };
      let channel;
      try {
        const guild = await fetchGuild(client, guildId);
        channel = await guild.channels.fetch(channelId);
      } catch (error) {
        logDiscordError(logger, error, log, "could not read the channel for a public post");
        return { threadId: null, channelId: null, messageId: null };
      }
      if (channel !== null && (channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement)) {
        try {
          const thread = await channel.threads.create({ name: name.slice(0, 100), autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek, reason: "Office hours sign-up" });
          const sent = await thread.send(renderChannelMessage(message));
          logger.info({ ...log, threadId: thread.id }, "public thread opened");
          return { threadId: thread.id, channelId: thread.id, messageId: sent.id };
        } catch (error) {
          logDiscordError(logger, error, log, "could not open a public thread; posting in the channel");
        }
      }
      try {
        if (channel === null || !channel.isSendable()) throw new Error(`channel ${channelId} does not accept messages`);
        const sent = await channel.send(renderChannelMessage(message));
        return { threadId: null, channelId, messageId: sent.id };
      } catch (error) {
        logDiscordError(logger, error, log, "could not post in the channel");
        return { threadId: null, channelId: null, messageId: null };
      }
    },

    async postInChannel(guildId, channelId, message) {
      const log = { guildId, channelId };
      try {
        const channel = await client.channels.fetch(channelId);
        if (channel === null || !channel.isSendable()) throw new Error(`channel ${channelId} does not accept messages`);
        await channel.send(renderChannelMessage(message));
        return true;
      } catch (error) {
        logDiscordError(logger, error, log, "could not post in channel");
        return false;
      }
    },
  };

  /** Creates the thread, adds both members, posts the starter. null when the channel cannot hold one. */
  async function openThread(
    guildId: string,
    channelId: string,
    name: string,
    userIds: [string, string],
    starter: MessageSpec,
    log: Record<string, unknown>,
  ): Promise<string | null> {
    const guild = await fetchGuild(client, guildId);
    const channel = await guild.channels.fetch(channelId);
    // Private threads exist only in plain text channels (not announcement or forum channels).
    if (channel === null || channel.type !== ChannelType.GuildText) {
      logger.warn({ ...log, channelType: channel?.type }, "match channel is not a text channel; sending the introduction by DM");
      return null;
    }
    const thread = await channel.threads.create({
      name: name.slice(0, 100),
      type: ChannelType.PrivateThread,
      invitable: false,
      autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek,
      reason: "Mentor match",
    });
    for (const userId of userIds) {
      try {
        await thread.members.add(userId);
      } catch (error) {
        // A member who left the server cannot be added; the other still gets the thread.
        logDiscordError(logger, error, { ...log, threadId: thread.id, userId }, "could not add member to pair thread");
      }
    }
    try {
      await thread.send(renderChannelMessage(starter, { mentionUserIds: userIds }));
    } catch (error) {
      // The thread exists and holds both members; the introduction goes by DM instead.
      logDiscordError(logger, error, { ...log, threadId: thread.id }, "could not post in pair thread; sending the introduction by DM");
      await dmBoth(userIds, starter, log);
    }
    logger.info({ ...log, threadId: thread.id }, "pair thread opened");
    return thread.id;
  }

  return notifier;
}
