// Discord's documented message limits, checked on a message as the handler built it (before the
// renderer's clamp, which would otherwise hide a message that loses content).
import type { MessageSpec } from "../../src/interaction/types.js";

export function limitProblems(message: MessageSpec): string[] {
  const problems: string[] = [];
  const embeds = message.embeds ?? [];
  if ((message.content ?? "") === "" && embeds.length === 0 && (message.files ?? []).length === 0) problems.push("empty message (Discord answers 400/50006)");
  if ((message.content ?? "").length > 2000) problems.push(`content ${message.content?.length} > 2000`);
  if (embeds.length > 10) problems.push(`${embeds.length} embeds > 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    const fields = e.fields ?? [];
    if ((e.title ?? "").length > 256) problems.push(`embed ${i} title ${e.title?.length} > 256`);
    if ((e.description ?? "").length > 4096) problems.push(`embed ${i} description ${e.description?.length} > 4096`);
    if ((e.footer ?? "").length > 2048) problems.push(`embed ${i} footer > 2048`);
    if (fields.length > 25) problems.push(`embed ${i}: ${fields.length} fields > 25`);
    fields.forEach((f, j) => {
      if (f.name.length > 256) problems.push(`embed ${i} field ${j} name ${f.name.length} > 256`);
      if (f.value.length > 1024) problems.push(`embed ${i} field ${j} (${f.name.slice(0, 30)}) value ${f.value.length} > 1024`);
      if (f.name === "" || f.value === "") problems.push(`embed ${i} field ${j} empty`);
    });
    total += (e.title ?? "").length + (e.description ?? "").length + (e.footer ?? "").length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  });
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
  const rows = message.buttons ?? [];
  if (rows.length > 5) problems.push(`${rows.length} button rows > 5`);
  rows.forEach((row, i) => {
    if (row.length > 5) problems.push(`row ${i}: ${row.length} buttons > 5`);
    for (const b of row) {
      if (b.label.length > 80) problems.push(`button label ${b.label.length} > 80`);
      if (b.customId.length > 100) problems.push(`custom id ${b.customId.length} > 100`);
    }
  });
  return problems;
}
