// /profile export: everything the bot stores about one member in one server, as a plain JSON
// document (the right of access, next to /profile delete's right to erasure). Other people appear
// only by the name the member already sees; their own words are not included.
import type { Db } from "../db/client.js";
import { collectMemberData } from "../storage/privacy.js";

export const EXPORT_FORMAT = "careers-mentor-bot/member-export@1";

function iso(date: Date | null | undefined): string | null {
  return date === null || date === undefined ? null : date.toISOString();
}

function day(date: Date | null | undefined): string | null {
  return date === null || date === undefined ? null : date.toISOString().slice(0, 10);
}

export async function exportMemberData(db: Db, guildId: string, userId: string, now: Date) {
  const data = await collectMemberData(db, guildId, userId);
  const { profile } = data;
  const topics = (role: string) => (profile?.topics ?? []).filter((t) => t.role === role).map((t) => t.topic.label).sort();
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    server: guildId,
    member: userId,
    profile:
      profile === null
        ? null
        : {
            displayName: profile.displayName,
            headline: profile.headline,
            industry: profile.industry,
            stage: profile.stage,
            changingCareer: profile.changingCareer,
            targetIndustry: profile.targetIndustry,
            timezone: profile.timezone,
            visibility: profile.visibility,
            createdAt: iso(profile.createdAt),
            updatedAt: iso(profile.updatedAt),
            mentor: profile.isMentor
              ? {
                  canAdviseOn: profile.canAdviseOn,
                  topics: topics("mentor"),
                  capacity: profile.mentorCapacity,
                  advises: profile.mentorAdvises,
                  available: profile.mentorAvailable,
                  availableUntil: iso(profile.mentorAvailableUntil),
                  unansweredRequestsInARow: profile.mentorMissedInARow,
                }
              : null,
            mentee: profile.isMentee
              ? {
                  wantsAdviceOn: profile.wantsAdviceOn,
                  topics: topics("mentee"),
                  acceptsFrom: profile.menteeAcceptsFrom,
                  waitingSince: iso(profile.menteeWaitingSince),
                }
              : null,
          },
    matches: data.matches.map((m) => {
      const asMentor = m.mentor?.userId === userId;
      const other = asMentor ? m.mentee : m.mentor;
      return {
        id: m.id,
        yourRole: asMentor ? "mentor" : "mentee",
        with: other?.displayName ?? null,
        status: m.status,
        source: m.source,
        requestedAt: iso(m.createdAt),
        yourRequestMessage: m.requestedById === userId ? m.requestMessage : null,
        activatedAt: iso(m.activatedAt),
        closedAt: iso(m.closedAt),
        closeReason: m.closeReason,
        yourDeclineWords: m.closedById === userId && m.status === "declined" ? m.decisionReason : null,
        sessions: m.sessions.map((s) => ({
          id: s.id,
          startsAt: iso(s.startsAt),
          durationMinutes: s.durationMinutes,
          location: s.location,
          status: s.status,
          scheduledByYou: s.createdById === userId,
        })),
      };
    }),
    notesAndActionsYouWrote: data.notes.map((n) => ({
      id: n.id,
      match: n.matchId,
      text: n.body,
      writtenAt: iso(n.createdAt),
      dueOn: day(n.dueOn),
      ownedByYou: n.dueOn === null ? null : n.ownerUserId === userId,
      doneAt: iso(n.doneAt),
    })),
    actionsAssignedToYou: data.assigned.map((n) => ({ id: n.id, match: n.matchId, dueOn: day(n.dueOn), doneAt: iso(n.doneAt) })),
    feedbackYouGave: data.feedback.map((f) => ({ match: f.matchId, role: f.role, rating: f.rating, text: f.body, at: iso(f.createdAt) })),
    checkInAnswers: data.checkins.map((c) => ({ match: c.matchId, answer: c.answer, at: iso(c.createdAt) })),
    moderatorRequests: data.flagged.map((f) => ({ match: f.id, reason: f.flagReason, at: iso(f.flaggedAt), resolvedAt: iso(f.flagResolvedAt) })),
    officeHourSignups: data.signups.map((s) => ({
      officeHour: s.officeHourId,
      topic: s.officeHour.topicLabel,
      startsAt: iso(s.officeHour.startsAt),
      officeHourStatus: s.officeHour.status,
      yourPlace: s.status,
      joinedAt: iso(s.joinedAt),
      attended: s.attended,
    })),
    officeHoursYouHost: data.hosted.map((o) => ({ id: o.id, topic: o.topicLabel, description: o.description, startsAt: iso(o.startsAt), durationMinutes: o.durationMinutes, seats: o.seats, status: o.status })),
    resourcesYouAdded: data.resources.map((r) => ({ id: r.id, url: r.url, title: r.title, note: r.note, topics: r.topics.map((t) => t.topicLabel), addedAt: iso(r.createdAt) })),
    officeHourNotices: data.officeHourNotices ? "on" : "off",
  };
}

export type MemberExport = Awaited<ReturnType<typeof exportMemberData>>;
