/** A reward group as Capillary returns it (docs/capillary-api.md, "Group object"). */
export interface Group {
  id: number;
  orgId: number;
  name: string;
  rank: number | null;
  isActive: boolean;
  createdBy: number;
  /** Epoch milliseconds. */
  createdOn: number;
  /** ISO 8601 UTC; derived from createdOn when the server leaves it out. */
  createdOnDateTime: string;
  lastUpdatedBy: number;
  /** Epoch milliseconds. */
  lastUpdatedOn: number;
  /** ISO 8601 UTC; derived from lastUpdatedOn when the server leaves it out. */
  lastUpdatedOnDateTime: string;
}

export interface CreateGroupInput {
  name: string;
  /** `null` means "no rank" and is sent as JSON null. */
  rank: number | null;
}

export interface UpdateGroupInput {
  /** Capillary requires the name on every update; re-send it unchanged to keep rewards linked. */
  name: string;
  rank?: number | null;
  isActive?: boolean;
}

export interface ListGroupsQuery {
  /** 0-based. */
  page?: number;
  size?: number;
  active?: boolean;
  name?: string;
  orderBy?: 'ASC' | 'DESC';
  sortOn?: 'RANK' | 'LAST_UPDATED_ON';
}

export interface PageInfo {
  first: boolean;
  last: boolean;
  number: number;
  size: number;
  numberOfElements: number;
  totalElements: number;
  totalPages: number;
  /**
   * Set when the answer had no `pagingDto`, or one without a boolean `last` and an integer
   * `totalElements`: `last` and the counts are then guesses from the page itself.
   */
  guessed?: true;
}

export interface GroupPage {
  groups: Group[];
  paging: PageInfo;
}

/** A brand of an org (brand/getAll); rewards belong to a brand. */
export interface Brand {
  id: number;
  /** The answer's `brand` field. */
  name: string;
  enabled: boolean;
  orgId: number;
}

export type RewardStatus = 'LIVE' | 'UPCOMING' | 'ENDED';

/** A group a reward is shown in: by name only, as Capillary links them. */
export interface RewardGroupLink {
  groupName: string;
  /** The reward's rank inside that group; null = unranked. */
  groupRank: number | null;
}

/** A reward as Capillary lists it (docs/capillary-api.md, "Where groups are used: rewards"). */
export interface Reward {
  id: number;
  name: string;
  /** As sent; usually a RewardStatus. */
  status: string;
  enabled: boolean;
  /** ISO 8601, as sent. */
  startDateTime?: string;
  endDateTime?: string;
  groups: RewardGroupLink[];
  rewardRank: number | null;
  /** Epoch milliseconds; 0 when the server leaves it out. */
  lastUpdatedOn: number;
  brandId: number;
}

export interface ListRewardsQuery {
  /** 0-based. */
  page?: number;
  /** Capillary's default is 100. */
  size?: number;
  /** One name; commas are not supported. Whether it matches exactly is undocumented: compare the answer's names. */
  groupName?: string;
  rewardStatus?: RewardStatus;
  enabled?: boolean;
  /** Partial, case-insensitive. */
  rewardName?: string;
}

export interface RewardPage {
  rewards: Reward[];
  paging: PageInfo;
}

export type Credentials =
  | {
      method: 'basic';
      username: string;
      /** lowercase hex MD5 of the password: the plain password is never kept */ passwordMd5: string;
    }
  | { method: 'oauth'; key: string; secret: string };

export type AuthMethod = Credentials['method'];
