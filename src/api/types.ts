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
}

export interface GroupPage {
  groups: Group[];
  paging: PageInfo;
}

export type Credentials =
  | { method: 'basic'; username: string; /** lowercase hex MD5 of the password: the plain password is never kept */ passwordMd5: string }
  | { method: 'oauth'; key: string; secret: string };

export type AuthMethod = Credentials['method'];
