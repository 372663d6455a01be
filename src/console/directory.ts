// Who and what exists in the console's fake server: members (created on first `/as name` or
// `@name`), roles and channels (created on first mention). Names are matched case-insensitively.
import type { UserOptionValue } from "../interaction/types.js";
import { CONSOLE_CHANNEL_ID, CONSOLE_CHANNEL_NAME, fakeSnowflake, SNOWFLAKE_PATTERN } from "./ids.js";

export interface ConsoleMember {
  id: string;
  /** Display name, as first typed. */
  name: string;
  /** Has Manage Server (`/as name --mod`). */
  canManageGuild: boolean;
  roleIds: string[];
  /** When false, DMs to this member fail (`/as name --dms-closed`), to try the channel fallback. */
  dmsOpen: boolean;
}

/** Resolves the names typed in option values to ids. */
export interface NameResolver {
  user(name: string): UserOptionValue;
  role(nameOrId: string): string;
  channel(nameOrId: string): string;
}

export class Directory implements NameResolver {
  readonly #members = new Map<string, ConsoleMember>();
  readonly #membersById = new Map<string, ConsoleMember>();
  readonly #named = new Map<string, { kind: "role" | "channel"; name: string; id: string }>();
  readonly #namesById = new Map<string, { kind: "role" | "channel"; name: string }>();
  readonly #taken = new Set<string>();

  constructor() {
    this.#register("channel", CONSOLE_CHANNEL_NAME, CONSOLE_CHANNEL_ID);
  }

  /** The member with this name, created (with a stable fake id) when new. */
  member(name: string): ConsoleMember {
    const key = name.toLowerCase();
    const found = this.#members.get(key);
    if (found !== undefined) return found;
    const member: ConsoleMember = {
      id: this.#newId(`user:${key}`),
      name,
      canManageGuild: false,
      roleIds: [],
      dmsOpen: true,
    };
    this.#members.set(key, member);
    this.#membersById.set(member.id, member);
    return member;
  }

  /**
   * Makes a member known under an existing id (a profile already in the database, perhaps with a
   * real Discord id), so `/as name` and `@name` act as them. False when the name or id is taken.
   */
  adopt(name: string, id: string): boolean {
    const key = name.toLowerCase();
    if (this.#members.has(key) || this.#membersById.has(id) || this.#taken.has(id) || name.trim() === "") return false;
    const member: ConsoleMember = { id, name, canManageGuild: false, roleIds: [], dmsOpen: true };
    this.#members.set(key, member);
    this.#membersById.set(id, member);
    this.#taken.add(id);
    return true;
  }

  findMember(name: string): ConsoleMember | undefined {
    return this.#members.get(name.toLowerCase());
  }

  memberById(id: string): ConsoleMember | undefined {
    return this.#membersById.get(id);
  }

  members(): ConsoleMember[] {
    return [...this.#members.values()];
  }

  user(name: string): UserOptionValue {
    const member = this.member(name);
    return { id: member.id, displayName: member.name, bot: false };
  }

  role(nameOrId: string): string {
    return this.#resolveNamed("role", nameOrId);
  }

  channel(nameOrId: string): string {
    return this.#resolveNamed("channel", nameOrId);
  }

  /** "@alice" for a known member id, otherwise the raw id. */
  userLabel(id: string): string {
    const member = this.#membersById.get(id);
    return member === undefined ? `@${id}` : `@${member.name}`;
  }

  roleLabel(id: string): string {
    const named = this.#namesById.get(id);
    return named?.kind === "role" ? `@&${named.name}` : `@&${id}`;
  }

  channelLabel(id: string): string {
    const named = this.#namesById.get(id);
    return named?.kind === "channel" ? `#${named.name}` : `#${id}`;
  }

  /** A new private thread, named for display; returns its fake id. */
  newThread(name: string): string {
    const id = this.#newId(`thread:${name}:${this.#taken.size}`);
    this.#namesById.set(id, { kind: "channel", name });
    return id;
  }

  #resolveNamed(kind: "role" | "channel", nameOrId: string): string {
    if (SNOWFLAKE_PATTERN.test(nameOrId)) return nameOrId;
    const key = `${kind}:${nameOrId.toLowerCase()}`;
    const found = this.#named.get(key);
    if (found !== undefined) return found.id;
    return this.#register(kind, nameOrId, this.#newId(key));
  }

  #register(kind: "role" | "channel", name: string, id: string): string {
    this.#named.set(`${kind}:${name.toLowerCase()}`, { kind, name, id });
    this.#namesById.set(id, { kind, name });
    this.#taken.add(id);
    return id;
  }

  #newId(seed: string): string {
    let id = fakeSnowflake(seed);
    for (let n = 2; this.#taken.has(id); n++) id = fakeSnowflake(`${seed}#${n}`);
    this.#taken.add(id);
    return id;
  }
}
