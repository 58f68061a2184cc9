import type { PropertyTracking } from "../model/estatecore/organization_settings.ts";

/**
 * What a QuickBooks company lets a property be tracked as: Class and Location (Department) tracking
 * are switches in the company's preferences (Settings > Advanced > Categories, on plans that have
 * them); a parent Customer needs no switch. Read from the company's Preferences at connect, before
 * every sync and on demand, and kept on the connection.
 */
export interface TrackingSupport {
  readonly classTracking: boolean;
  readonly locationTracking: boolean;
  /** The company's name, for messages. */
  readonly companyName: string;
}

/** A tracking the settings ask for that the company has turned off. */
export interface UnsupportedTracking {
  readonly tracking: "class" | "location";
  /** The QuickBooks switch that turns it on. */
  readonly quickbooksSwitch: "Track classes" | "Track locations";
  readonly message: string;
}

/**
 * The property tracking an organization gets when it has not chosen one: Class when the company
 * tracks classes (or when no company is known yet), else Location when it tracks locations, else a
 * parent Customer per property, which every company supports.
 *
 * @example
 * ```ts
 * defaultPropertyTracking({ classTracking: false, locationTracking: true, companyName: "Maple" }); // "location"
 * defaultPropertyTracking(null); // "class"
 * ```
 */
export function defaultPropertyTracking(support: TrackingSupport | null): PropertyTracking {
  if (support === null || support.classTracking) return "class";
  return support.locationTracking ? "location" : "parent_customer";
}

/**
 * Whether the company supports the tracking; the one place that says so, for the settings check
 * and for the push, which must never send a ClassRef or DepartmentRef a company has turned off.
 *
 * @example
 * ```ts
 * unsupportedTracking("class", { classTracking: false, locationTracking: false, companyName: "Maple" })
 *   ?.quickbooksSwitch; // "Track classes"
 * ```
 */
export function unsupportedTracking(
  tracking: PropertyTracking,
  support: TrackingSupport,
): UnsupportedTracking | null {
  const off = (feature: "class" | "location", quickbooksSwitch: UnsupportedTracking["quickbooksSwitch"]) => ({
    tracking: feature,
    quickbooksSwitch,
    message:
      `property_tracking "${feature}" needs ${feature} tracking, which is off in the QuickBooks company ` +
      `${support.companyName}: turn on "${quickbooksSwitch}" in QuickBooks (Settings > Advanced > Categories), ` +
      `or choose another property_tracking`,
  });
  if (tracking === "class" && !support.classTracking) return off("class", "Track classes");
  if (tracking === "location" && !support.locationTracking) return off("location", "Track locations");
  return null;
}

/**
 * Why a push with these settings would use tracking the company has turned off, or null: the
 * property tracking itself, or units as sub-classes / sub-locations when the properties are not
 * classes or locations.
 *
 * @example
 * ```ts
 * trackingProblem({ property_tracking: "class", unit_tracking: "none" },
 *   { classTracking: true, locationTracking: false, companyName: "Maple" }); // null
 * ```
 */
export function trackingProblem(
  settings: { readonly property_tracking: PropertyTracking; readonly unit_tracking: string },
  support: TrackingSupport,
): UnsupportedTracking | null {
  const unsupported = unsupportedTracking(settings.property_tracking, support);
  if (unsupported) return unsupported;
  if (settings.unit_tracking === "sub_class" && settings.property_tracking === "parent_customer") {
    const quickbooksSwitch = "Track classes";
    return {
      tracking: "class",
      quickbooksSwitch,
      message:
        `unit_tracking "sub_class" needs properties tracked as classes or locations, and the QuickBooks ` +
        `company ${support.companyName} tracks neither: turn on "${quickbooksSwitch}" in QuickBooks ` +
        `(Settings > Advanced > Categories), or choose another unit_tracking`,
    };
  }
  return null;
}
