/** Name lists for the synthetic city: places, organizations, people. All invented or common. */

export const LOCALITY_NAMES: readonly string[] = [
  'Northside',
  'Harbor',
  'Eastgate',
  'Riverbend',
  'Old Town',
  'Southfield',
  'Westlake',
  'Midtown',
  'Hillcrest',
  'Bayview',
  'Ironworks',
  'Cedar Park',
];

export const ORGANIZATION_PREFIXES: readonly string[] = [
  'Harbor Light', 'Open Door', 'New Beginnings', 'Safe Harbor', 'Hope Street', 'Bridgeway', 'Lantern',
  'Cornerstone', 'Pathways', 'Second Chance', 'Horizon', 'Unity', 'Anchor', 'Compass', 'Keystone',
  'Beacon', 'Crossroads', 'Home Base', 'Evergreen', 'Northstar', 'Common Ground', 'Wayfinder', 'Threshold',
  'Shelterwood', 'Kindred', 'Lighthouse', 'Stepping Stone', 'Willow', 'Sunrise', 'Riverstone', 'Maple Street',
  'Canal Street', 'Union Square', 'Friendship', 'Good Neighbor', 'Open Hands', 'First Light', 'Haven House',
  'Solid Ground', 'Clearwater', 'Mosaic', 'Bluebird', 'Journey', 'Cobblestone', 'Greenway', 'Tidewater',
  'Summit', 'Hearth', 'Roots', 'Trellis', 'Copperline', 'Foundry', 'Granite', 'Fairweather', 'Longview',
  'Amity', 'Nest', 'Welcome Table', 'Riverside', 'Parkside', 'Open Gate', 'Bright Path', 'Homeward',
  'Milestone', 'Heartwood', 'Waypoint', 'Front Porch', 'Steady State', 'Oakline', 'Lamplight',
];

export const ORGANIZATION_NOUNS: readonly string[] = [
  'Mission', 'Community Services', 'Housing Alliance', 'Family Services', 'Center', 'Project', 'Partners',
  'Collaborative', 'Network', 'Coalition',
];

export const FIRST_NAMES_WOMEN: readonly string[] = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Lisa', 'Nancy', 'Betty', 'Sandra', 'Margaret', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
  'Carol', 'Amanda', 'Melissa', 'Deborah', 'Stephanie', 'Dorothy', 'Rebecca', 'Sharon', 'Laura', 'Cynthia',
  'Amy', 'Kathleen', 'Angela', 'Shirley', 'Brenda', 'Emma', 'Anna', 'Pamela', 'Nicole', 'Samantha',
  'Katherine', 'Christine', 'Helen', 'Debra', 'Rachel', 'Carolyn', 'Janet', 'Maria', 'Catherine', 'Heather',
  'Diane', 'Olivia', 'Julie', 'Joyce', 'Victoria', 'Ruth', 'Virginia', 'Lauren', 'Kelly', 'Christina',
  'Keisha', 'Latoya', 'Imani', 'Aaliyah', 'Guadalupe', 'Rosa', 'Ana', 'Leilani', 'Mei', 'Fatima',
];

export const FIRST_NAMES_MEN: readonly string[] = [
  'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Christopher',
  'Charles', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Andrew', 'Paul', 'Joshua',
  'Kenneth', 'Kevin', 'Brian', 'Timothy', 'Ronald', 'George', 'Jason', 'Edward', 'Jeffrey', 'Ryan',
  'Jacob', 'Nicholas', 'Gary', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon',
  'Benjamin', 'Samuel', 'Gregory', 'Alexander', 'Patrick', 'Frank', 'Raymond', 'Jack', 'Dennis', 'Jerry',
  'Tyler', 'Aaron', 'Jose', 'Adam', 'Nathan', 'Henry', 'Zachary', 'Douglas', 'Peter', 'Kyle',
  'DeShawn', 'Tyrone', 'Malik', 'Jamal', 'Luis', 'Carlos', 'Miguel', 'Kai', 'Wei', 'Omar',
];

export const FIRST_NAMES_NEUTRAL: readonly string[] = [
  'Alex', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Rowan', 'Sage', 'River',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Begay', 'Yazzie', 'Tsosie', 'Kealoha', 'Haddad', 'Khalil', 'Chen', 'Wang', 'Tran', 'Pham',
];
