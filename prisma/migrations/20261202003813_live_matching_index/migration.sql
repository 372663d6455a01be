-- CreateTable
CREATE TABLE "MatchingVersion" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "MatchingChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "profileId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "MatchingChange_guildId_version_idx" ON "MatchingChange"("guildId", "version");

-- CreateIndex
CREATE INDEX "MatchingChange_createdAt_idx" ON "MatchingChange"("createdAt");
