/** An EstateCore customer organization: the tenant of this service. */
export interface Organization {
  readonly id: string;
  readonly name: string;
  /** ISO-8601 instant. */
  readonly createdAt: string;
}

/** Persistence of organizations. */
export interface OrganizationRepository {
  /** Creates the organization; CONFLICT when the id exists. */
  create(org: { id: string; name: string; createdAt: string }): Promise<Organization>;
  get(id: string): Promise<Organization | null>;
  /** Sets the organization's name; null when the id was never registered. */
  rename(id: string, name: string): Promise<Organization | null>;
  list(options?: { limit?: number; offset?: number }): Promise<Organization[]>;
}
