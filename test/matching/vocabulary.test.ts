import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { buildLanguages } from "../../scripts/build-languages.js";
import { describeTopic, keepAsWritten, KNOWN_TOPICS, topicCredit, topicKey, uniqueTopics } from "../../src/matching/index.js";

describe("aliases from issue 11 reach one topic", () => {
  it.each([
    ["React", "React.js", "reactjs"],
    ["Node.js", "Node", "nodejs"],
    ["Vue", "Vue.js", "vuejs"],
    ["JavaScript", "JS", "javascript"],
    ["front-end", "frontend", "front end"],
    ["full stack", "full-stack", "fullstack"],
    [".NET", "dotnet", "net"],
    ["accessibility", "a11y"],
    ["open source", "opensource"],
    ["Kubernetes", "k8s"],
    ["PostgreSQL", "postgres", "postgresql"],
    ["machine learning", "ML"],
    ["Go", "golang"],
    ["C#", "csharp"],
    ["C++", "cpp"],
  ])("%s", (canonical, ...variants) => {
    const topic = describeTopic(canonical);
    expect(topic.known).toBe(true);
    expect(topic.display).toBe(canonical);
    for (const variant of variants) expect(describeTopic(variant)).toMatchObject({ key: topic.key, display: canonical });
  });

  it("keeps the punctuation that carries meaning", () => {
    expect(describeTopic(".NET").display).toBe(".NET");
    expect(describeTopic("Node.js").display).toBe("Node.js");
    expect(describeTopic("c#").display).toBe("C#");
    expect(describeTopic("c++").display).toBe("C++");
    expect(topicKey("C#")).not.toBe(topicKey("C"));
    expect(topicKey("C++")).not.toBe(topicKey("C"));
  });
});

describe("harmful merges from issue 11 do not happen", () => {
  it.each([
    ["product", "time management"],
    ["production", "time management"],
    ["productive", "time management"],
    ["productivity", "product"],
    ["community", "communication skills"],
    ["case studies", "case interviews"],
    ["starting out", "entrepreneurship"],
    ["agile", "project management"],
    ["International", "Intern"],
    ["International", "Internal"],
    ["Intern", "Internal"],
    ["University", "Universe"],
    ["Operations", "Operator"],
    ["M&A", "m"],
    ["Q&A", "q"],
    ["A/B testing", "b test"],
    ["A/B testing", "testing"],
    ["React", "React Native"],
    ["UX research", "UX design"],
  ])("%j ≠ %j", (a, b) => {
    expect(topicKey(a)).not.toBe(topicKey(b));
  });

  it("keeps M&A, Q&A and A/B testing readable", () => {
    expect(describeTopic("M&A").display).toBe("M&A");
    expect(describeTopic("Q & A").display).toBe("Q&A");
    expect(describeTopic("a/b testing").display).toBe("A/B testing");
  });
});

describe("describeTopic", () => {
  it("says what a tag became and how", () => {
    expect(describeTopic("React.js")).toEqual({ key: topicKey("React"), display: "React", kind: "alias", rewrittenFrom: "React.js", asInput: "React", known: true });
    expect(describeTopic("react")).toMatchObject({ display: "React", kind: "canonical" });
    expect(describeTopic("react")).not.toHaveProperty("rewrittenFrom");
    expect(describeTopic("kubernets")).toMatchObject({ display: "Kubernetes", kind: "typo", rewrittenFrom: "kubernets" });
    expect(describeTopic("Design Systems")).toMatchObject({ display: "design systems" });
    expect(describeTopic("design system")).toMatchObject({ display: "design systems", kind: "plural" });
    expect(describeTopic("Kafka Streams")).toMatchObject({ display: "kafka streams", kind: "as-typed", known: false });
    expect(topicKey("kafka stream")).toBe(topicKey("Kafka Streams"));
    expect(topicKey("web-scraping")).toBe(topicKey("webscraping"));
  });

  it("keeps a tag exactly as written on request", () => {
    const kept = describeTopic(keepAsWritten("React.js"));
    expect(kept).toEqual({ key: "=react.js", display: "React.js", kind: "kept", asInput: "=React.js", known: false });
    expect(kept.key).not.toBe(topicKey("React"));
    expect(describeTopic(kept.asInput)).toEqual(kept);
    expect(topicKey("=react.JS")).toBe(kept.key);
    expect(uniqueTopics(["React.js", "=React.js", "reactjs"]).map((t) => t.display)).toEqual(["React", "React.js"]);
  });

  it("corrects typos only towards known spellings, within a length-scaled budget, never under 5 characters", () => {
    expect(describeTopic("javascirpt").display).toBe("JavaScript");
    expect(describeTopic("intervewing").display).toBe("interviewing");
    expect(describeTopic("salery negotiation").display).toBe("salary negotiation");
    expect(describeTopic("reacr").kind).toBe("as-typed"); // 5 letters, but React is too short a target
    expect(describeTopic("vue2").kind).not.toBe("typo");
    expect(describeTopic("rect").kind).toBe("as-typed");
    expect(describeTopic("string").display).toBe("string"); // not Spring
    expect(describeTopic("flash").display).toBe("flash"); // not Flask
    expect(describeTopic("readership").display).toBe("readership"); // not leadership
    expect(describeTopic("javascriptttt").kind).toBe("as-typed"); // 3 edits
  });

  it("is idempotent on every known topic name", () => {
    for (const name of KNOWN_TOPICS) expect(describeTopic(name)).toMatchObject({ display: name, kind: "canonical" });
  });
});

describe("families", () => {
  it("give partial credit, never identity", () => {
    expect(topicCredit(topicKey("React"), topicKey("React"))).toBe(1);
    const near = topicCredit(topicKey("React"), topicKey("React Native"));
    expect(near).toBeGreaterThan(0);
    expect(near).toBeLessThan(1);
    expect(topicCredit(topicKey("React Native"), topicKey("React"))).toBe(near);
    expect(topicCredit(topicKey("React"), topicKey("JavaScript"))).toBeGreaterThan(0);
    expect(topicCredit(topicKey("React"), topicKey("JavaScript"))).toBeLessThan(near);
    expect(topicCredit(topicKey("UX research"), topicKey("UX design"))).toBe(near);
    expect(topicCredit(topicKey("React"), topicKey("salary negotiation"))).toBe(0);
    expect(topicCredit(topicKey("kafka streams"), topicKey("kafka"))).toBe(0);
  });
});

describe("programming languages", () => {
  it("are linguist-languages' names and aliases (src/matching/data/languages.json is up to date)", () => {
    const file = JSON.parse(readFileSync(new URL("../../src/matching/data/languages.json", import.meta.url), "utf8")) as {
      excludedAliases: Record<string, string>;
      languages: { name: string; aliases: string[] }[];
    };
    const linguist = createRequire(import.meta.url)("linguist-languages") as Record<string, { aliases?: string[] }>;
    expect(file.languages).toEqual(buildLanguages(linguist, file.languages.map((l) => l.name), file.excludedAliases));
    for (const { name, aliases } of file.languages) {
      for (const alias of aliases) expect(topicKey(alias)).toBe(topicKey(name));
    }
    // Left out on purpose: an English word, a build tool, the Node.js runtime.
    expect(topicKey("cake")).not.toBe(topicKey("C#"));
    expect(topicKey("rake")).not.toBe(topicKey("Ruby"));
    expect(topicKey("node")).not.toBe(topicKey("JavaScript"));
  });
});
