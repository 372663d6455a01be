-- CreateTable
CREATE TABLE "MatchingVersion" (
    "guildId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MatchingVersion_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "MatchingChange" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "profileId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchingChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MatchingChange_guildId_version_idx" ON "MatchingChange"("guildId", "version");

-- CreateIndex
CREATE INDEX "MatchingChange_createdAt_idx" ON "MatchingChange"("createdAt");
