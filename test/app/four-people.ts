/**
 * A four-person list, worked by hand (docs/definitions.md):
 *   P1 veteran, single:        active 2024-01-10, housed 2024-03-05 (55 days: 21 + 29 + 5)
 *   P2 born 2001, single:      active 2024-01-31, inactive 2024-02-20, active again 2024-04-02 (returned from inactive)
 *   P3 head + P4 child (H1):   active 2024-02-01, housed 2024-04-15 (74 days: 28 + 31 + 15)
 * The last change is 2024-04-15, so April is counted on that day.
 */
export const PERSONS = `person_id,birth_date,birth_year,veteran,chronic_since,household_id,relationship,race,gender,locality
P1,1980-05-01,,yes,,,,white,man,North
P2,2001-06-15,,no,,,,black_af_american;hispanic_latinaeo,woman,South
P3,1990-01-01,,no,,H1,head,asian,woman,South
P4,2015-03-03,,,,H1,child,asian,man,South
`;
export const HISTORY = `person_id,date,status,reason,provider
P1,2024-01-10,active,outreach,Street Team
P1,2024-03-05,housed,moved in,Housing Co
P2,2024-01-31,active,,
P2,2024-02-20,inactive,no contact,
P2,2024-04-02,active,,
P3,2024-02-01,active,,Shelter A
P4,2024-02-01,active,,Shelter A
P3,2024-04-15,housed,,RRH
P4,2024-04-15,housed,,RRH
`;

