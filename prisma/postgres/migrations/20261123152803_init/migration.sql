-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "GuildSettings" (
    "guildId" TEXT NOT NULL,
    "moderatorRoleId" TEXT,
    "reviewRequired" BOOLEAN NOT NULL DEFAULT true,
    "weightIndustry" DOUBLE PRECISION NOT NULL DEFAULT 0.25,
    "weightStage" DOUBLE PRECISION NOT NULL DEFAULT 0.25,
    "weightTopics" DOUBLE PRECISION NOT NULL DEFAULT 0.35,
    "weightText" DOUBLE PRECISION NOT NULL DEFAULT 0.15,
    "suggestionsShown" INTEGER NOT NULL DEFAULT 5,
    "maxPendingRequests" INTEGER NOT NULL DEFAULT 3,
    "requestsPerHour" INTEGER NOT NULL DEFAULT 5,
    "commandsPerMinute" INTEGER NOT NULL DEFAULT 20,
    "requestExpiryDays" INTEGER NOT NULL DEFAULT 7,
    "cooldownDays" INTEGER NOT NULL DEFAULT 30,
    "matchChannelId" TEXT,
    "mentorRoleId" TEXT,
    "menteeRoleId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GuildSettings_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "Profile" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "headline" TEXT,
    "industry" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "changingCareer" BOOLEAN NOT NULL DEFAULT false,
    "targetIndustry" TEXT,
    "timezone" TEXT,
    "visibility" TEXT NOT NULL DEFAULT 'limited',
    "isMentor" BOOLEAN NOT NULL DEFAULT false,
    "canAdviseOn" TEXT,
    "mentorAvailable" BOOLEAN NOT NULL DEFAULT true,
    "mentorAvailableUntil" TIMESTAMP(3),
    "mentorCapacity" INTEGER NOT NULL DEFAULT 1,
    "mentorAdvises" TEXT NOT NULL DEFAULT 'anyone',
    "isMentee" BOOLEAN NOT NULL DEFAULT false,
    "wantsAdviceOn" TEXT,
    "menteeAcceptsFrom" TEXT NOT NULL DEFAULT 'anyone',
    "menteeWaitingSince" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Topic" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfileTopic" (
    "profileId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "ProfileTopic_pkey" PRIMARY KEY ("profileId","role","topicId")
);

-- CreateTable
CREATE TABLE "Match" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "mentorProfileId" INTEGER,
    "menteeProfileId" INTEGER,
    "openPairKey" TEXT,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'request',
    "score" DOUBLE PRECISION NOT NULL,
    "explanation" TEXT NOT NULL,
    "requestMessage" TEXT,
    "requestedById" TEXT,
    "mentorDecidedAt" TIMESTAMP(3),
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "activatedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "expiresAt" TIMESTAMP(3),
    "reminderSentAt" TIMESTAMP(3),
    "threadId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Match_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatchNote" (
    "id" SERIAL NOT NULL,
    "matchId" INTEGER NOT NULL,
    "authorUserId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatchFeedback" (
    "id" SERIAL NOT NULL,
    "matchId" INTEGER NOT NULL,
    "authorUserId" TEXT,
    "role" TEXT NOT NULL,
    "rating" INTEGER,
    "body" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "actorUserId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "matchId" INTEGER,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Profile_guildId_isMentor_mentorAvailable_idx" ON "Profile"("guildId", "isMentor", "mentorAvailable");

-- CreateIndex
CREATE INDEX "Profile_guildId_isMentee_idx" ON "Profile"("guildId", "isMentee");

-- CreateIndex
CREATE UNIQUE INDEX "Profile_guildId_userId_key" ON "Profile"("guildId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Topic_key_key" ON "Topic"("key");

-- CreateIndex
CREATE INDEX "ProfileTopic_topicId_role_idx" ON "ProfileTopic"("topicId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Match_openPairKey_key" ON "Match"("openPairKey");

-- CreateIndex
CREATE INDEX "Match_guildId_status_idx" ON "Match"("guildId", "status");

-- CreateIndex
CREATE INDEX "Match_mentorProfileId_status_idx" ON "Match"("mentorProfileId", "status");

-- CreateIndex
CREATE INDEX "Match_menteeProfileId_status_idx" ON "Match"("menteeProfileId", "status");

-- CreateIndex
CREATE INDEX "Match_status_expiresAt_idx" ON "Match"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "MatchNote_matchId_createdAt_idx" ON "MatchNote"("matchId", "createdAt");

-- CreateIndex
CREATE INDEX "MatchNote_authorUserId_idx" ON "MatchNote"("authorUserId");

-- CreateIndex
CREATE UNIQUE INDEX "MatchFeedback_matchId_role_key" ON "MatchFeedback"("matchId", "role");

-- CreateIndex
CREATE INDEX "AuditLog_guildId_createdAt_idx" ON "AuditLog"("guildId", "createdAt");

-- AddForeignKey
ALTER TABLE "ProfileTopic" ADD CONSTRAINT "ProfileTopic_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileTopic" ADD CONSTRAINT "ProfileTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Match" ADD CONSTRAINT "Match_mentorProfileId_fkey" FOREIGN KEY ("mentorProfileId") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Match" ADD CONSTRAINT "Match_menteeProfileId_fkey" FOREIGN KEY ("menteeProfileId") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchNote" ADD CONSTRAINT "MatchNote_matchId_fkey" FOREIGN KEY ("matchId") REFERENCES "Match"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchFeedback" ADD CONSTRAINT "MatchFeedback_matchId_fkey" FOREIGN KEY ("matchId") REFERENCES "Match"("id") ON DELETE CASCADE ON UPDATE CASCADE;
