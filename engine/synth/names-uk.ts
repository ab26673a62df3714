/**
 * Name lists for synthetic people, each ordered roughly from most to least common among adults in
 * England today (an approximation assembled for test data, not an official frequency table). The
 * generator gives them Zipf-like weights by rank, so the first few names are very common (which is
 * what makes linkage hard) and the tail is rare. Forenames are UPPER CASE, as in NICKNAME_GROUPS;
 * surnames are in their usual written case (McDonald, O'Brien, Smith-Jones), from which every
 * display form is derived.
 */

// biome-ignore format: a data table, ten names to a line
export const MALE_FORENAMES: readonly string[] = [
  'DAVID', 'JOHN', 'MICHAEL', 'PAUL', 'JAMES', 'ANDREW', 'MARK', 'CHRISTOPHER', 'DANIEL', 'STEVEN',
  'RICHARD', 'ROBERT', 'PETER', 'MATTHEW', 'ANTHONY', 'THOMAS', 'STEPHEN', 'WILLIAM', 'JOSEPH', 'LEE',
  'GARY', 'JASON', 'KEVIN', 'CRAIG', 'DARREN', 'SCOTT', 'IAN', 'MOHAMMED', 'CARL', 'SIMON',
  'WAYNE', 'DEAN', 'ADAM', 'RYAN', 'LUKE', 'JAMIE', 'NATHAN', 'LIAM', 'BENJAMIN', 'SAMUEL',
  'JONATHAN', 'NICHOLAS', 'ALAN', 'MARTIN', 'NEIL', 'SHAUN', 'SEAN', 'GRAHAM', 'PHILIP', 'KEITH',
  'BRIAN', 'COLIN', 'ALEXANDER', 'EDWARD', 'GEORGE', 'JACK', 'CALLUM', 'CONNOR', 'JORDAN', 'KYLE',
  'BRADLEY', 'AARON', 'ASHLEY', 'JOSHUA', 'JACOB', 'HARRY', 'OLIVER', 'ROSS', 'STUART', 'GARETH',
  'LEWIS', 'REECE', 'KIERAN', 'DOMINIC', 'MUHAMMAD', 'TERENCE', 'RAYMOND', 'BARRY', 'TREVOR', 'KENNETH',
  'DEREK', 'FRANCIS', 'PATRICK', 'CHARLES', 'FREDERICK', 'ALBERT', 'HENRY', 'FRANK', 'RONALD', 'GERALD',
  'DOUGLAS', 'LEONARD', 'DONALD', 'GORDON', 'ROY', 'NIGEL', 'RUSSELL', 'TONY', 'DALE', 'GLEN',
  'MITCHELL', 'ELLIOT', 'TYLER', 'JOEL', 'MAX', 'ALFIE', 'CHARLIE', 'ETHAN', 'FINLAY', 'HARVEY',
  'ALI', 'IMRAN', 'ASIF', 'TARIQ', 'SHAHID', 'ZAHID', 'AMJAD', 'KHALID', 'HASSAN', 'USMAN',
  'BILAL', 'HAMZA', 'ADNAN', 'WASEEM', 'NADEEM', 'RASHID', 'SAJID', 'ARSHAD', 'JAVED', 'FAISAL',
  'MOHAMMAD', 'ABDUL', 'YASIR', 'KAMRAN', 'AMIR', 'PIOTR', 'TOMASZ', 'MAREK', 'KRZYSZTOF', 'PAWEL',
  'ANDRZEJ', 'LUKASZ', 'DELROY', 'WINSTON', 'LEROY', 'CLIVE', 'MARCUS', 'TYRONE', 'DWAYNE', 'CURTIS',
  'DESMOND', 'VINCENT', 'GREGORY', 'TIMOTHY', 'JEREMY', 'ROGER', 'MALCOLM', 'HUGH', 'VICTOR', 'LAWRENCE',
  'EUGENE', 'BERNARD', 'CLIFFORD', 'STANLEY', 'WALTER', 'ARTHUR', 'ERNEST', 'HAROLD', 'NORMAN', 'LESLIE',
  'JOHN-PAUL', 'CIARAN', 'DECLAN', 'EOIN', 'CONOR', 'RHYS', 'DYLAN', 'GAVIN', 'ROBBIE', 'BILLY',
];

// biome-ignore format: a data table, ten names to a line
export const FEMALE_FORENAMES: readonly string[] = [
  'SARAH', 'SUSAN', 'KAREN', 'JULIE', 'NICOLA', 'LISA', 'MICHELLE', 'JOANNE', 'CLAIRE', 'EMMA',
  'LOUISE', 'REBECCA', 'LAURA', 'ELIZABETH', 'RACHEL', 'AMANDA', 'HELEN', 'KELLY', 'SAMANTHA', 'DONNA',
  'TRACY', 'JENNIFER', 'VICTORIA', 'GEMMA', 'STACEY', 'CHARLOTTE', 'AMY', 'HANNAH', 'JESSICA', 'DANIELLE',
  'KATHERINE', 'CATHERINE', 'MARGARET', 'PATRICIA', 'DEBORAH', 'JACQUELINE', 'CHRISTINE', 'ZOE', 'KATIE', 'LINDA',
  'ANGELA', 'DAWN', 'SHARON', 'TRACEY', 'ALISON', 'ANNE', 'JANE', 'JANET', 'CAROL', 'MARY',
  'DIANE', 'PAULINE', 'WENDY', 'GILLIAN', 'JOANNA', 'KIRSTY', 'LEANNE', 'NATALIE', 'SOPHIE', 'CHELSEA',
  'JADE', 'LAUREN', 'AMBER', 'BETHANY', 'ABIGAIL', 'ALEXANDRA', 'CHRISTINA', 'ANDREA', 'ALICE', 'EMILY',
  'OLIVIA', 'GRACE', 'ELLIE', 'MEGAN', 'GEORGIA', 'HOLLY', 'CHLOE', 'KAYLEIGH', 'SHANNON', 'COURTNEY',
  'ELEANOR', 'FRANCES', 'JOSEPHINE', 'THERESA', 'TERESA', 'BARBARA', 'BRENDA', 'SANDRA', 'BEVERLEY', 'LORRAINE',
  'JUNE', 'VALERIE', 'SHEILA', 'MAUREEN', 'DOROTHY', 'JEAN', 'JOAN', 'IRENE', 'SYLVIA', 'DOREEN',
  'SUZANNE', 'TINA', 'ANNETTE', 'YVONNE', 'JUDITH', 'MARIE', 'JULIA', 'HEATHER', 'RUTH', 'ANN',
  'FATIMA', 'AYESHA', 'SHAZIA', 'NASREEN', 'SAIRA', 'SAMINA', 'RUKSANA', 'NAZIA', 'SADIA', 'AMINA',
  'HUMA', 'ZAINAB', 'MARIA', 'AGNIESZKA', 'KATARZYNA', 'ANNA', 'MAGDALENA', 'JOANNA-MARIE', 'MARCIA', 'BEVERLY',
  'CHARMAINE', 'PAULETTE', 'SONIA', 'JOSIE', 'KIMBERLEY', 'KERRY', 'CARLY', 'HAYLEY', 'TANYA', 'VANESSA',
  'SHIRLEY', 'ROSEMARY', 'CAROLINE', 'DEBBIE', 'ELAINE', 'ESTHER', 'EVELYN', 'FIONA', 'GERALDINE', 'GLORIA',
  'HAZEL', 'JOY', 'LESLEY', 'LYNN', 'MANDY', 'MELANIE', 'MONICA', 'NORMA', 'PAMELA', 'PENELOPE',
  'REGINA', 'ROSE', 'SIOBHAN', 'SINEAD', 'AOIFE', 'CAITLIN', 'ERIN', 'NIAMH', 'RHIANNON', 'CERYS',
  'MARY-ANNE', 'TRACEY-ANN', 'LOUISA', 'ROXANNE', 'SASHA', 'TAMSIN', 'BECKY', 'JENNA', 'LACEY', 'DEMI',
];

// biome-ignore format: a data table, ten names to a line
export const SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Khan', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper',
  'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan',
  'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young',
  'Hussain', 'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell',
  'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards', 'Ahmed', 'Marshall', 'Anderson', 'Simpson', 'Ellis',
  'Adams', 'Ali', 'Singh', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray',
  'Mason', 'Hunt', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight',
  'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey',
  'Graham', 'Pearson', 'Fletcher', 'Walsh', 'Kaur', 'Gibson', 'Howard', 'Andrews', 'Stevenson', 'Ford',
  'Reynolds', 'Holland', 'Begum', 'McDonald', "O'Brien", 'Akhtar', 'Iqbal', 'Mahmood', 'Rashid', 'Bibi',
  'Shah', 'Malik', 'Hamilton', 'Pearce', 'Kennedy', 'Sutton', 'Lawrence', 'Hudson', 'Hayes', 'Wells',
  'Dawson', 'Atkinson', 'Lane', 'Burton', 'Jordan', 'Day', 'Fox', 'Rose', 'Hart', 'Armstrong',
  "O'Neill", 'Walters', 'Gardner', 'Lambert', 'Spencer', 'Wallace', 'Newman', 'Webster', 'Hopkins', 'Lowe',
  'Booth', 'Stewart', 'Woods', 'Brooks', 'Burns', 'Ryan', 'West', 'Cole', 'Parry', 'Barrett',
  'Ball', 'Francis', 'Bradley', 'Berry', 'Hardy', 'Nicholson', 'Harding', 'Bates', 'Payne', 'Hodgson',
  'Hartley', 'Sutcliffe', 'Greenwood', 'Ackroyd', 'Holroyd', 'Crowther', 'Firth', 'Haigh', 'Wainwright', 'Whiteley',
  'Mellor', 'Kershaw', 'Butterworth', 'Ogden', 'Schofield', 'Pickles', 'Lister', 'Brook', 'Rhodes', 'Marsden',
  'Hirst', 'Holt', 'Dyson', 'Senior', 'Beaumont', 'Hinchliffe', 'Binns', 'Shackleton', 'Speight', 'Tattersall',
  'Nowak', 'Kowalski', 'Wisniewski', 'Wojcik', 'Kaminski', 'Lewandowski', 'Zielinski', 'Szymanski', 'Mazur', 'Kaczmarek',
  'Campbell-Brown', 'Grant', 'Reid', 'Ferguson', 'Douglas', 'Cunningham', 'Henderson', 'Fraser', 'Robertson', 'Sinclair',
  'MacKenzie', 'McCarthy', 'McLaughlin', 'McGrath', 'McCann', 'McBride', 'MacLeod', 'McIntosh', 'McNally', 'McGuinness',
  'MacDonald', 'McKenzie', 'McCormack', 'McManus', 'MacGregor', 'McAllister', 'McDermott', 'McGowan', 'McKenna', 'McLean',
  "O'Connor", "O'Sullivan", "O'Donnell", "O'Reilly", "O'Hara", "O'Keefe", "O'Callaghan", "O'Rourke", "D'Souza", "D'Arcy",
  'Okafor', 'Adeyemi', 'Mensah', 'Osei', 'Mohamed', 'Abdi', 'Hassan', 'Yusuf', 'Ibrahim', 'Omar',
  'Nguyen', 'Chen', 'Wong', 'Li', 'Kumar', 'Sharma', 'Mistry', 'Chauhan', 'Parmar', 'Gill',
  'Sandhu', 'Bains', 'Dhillon', 'Mann', 'Sidhu', 'Rahman', 'Miah', 'Uddin', 'Islam', 'Choudhury',
  'Anwar', 'Aslam', 'Azam', 'Raza', 'Yousaf', 'Nawaz', 'Sadiq', 'Bashir', 'Qureshi', 'Mirza',
  'Doherty', 'Gallagher', 'Quinn', 'Brennan', 'Byrne', 'Flynn', 'Nolan', 'Connolly', 'Duffy', 'Kavanagh',
  'Lynch', 'Maguire', 'Regan', 'Sheridan', 'Tierney', 'Whelan', 'Devlin', 'Hegarty', 'Keane', 'Moran',
  'Ashworth', 'Barlow', 'Clegg', 'Entwistle', 'Fairclough', 'Heywood', 'Ingham', 'Jagger', 'Lumb', 'Moorhouse',
  'Naylor', 'Oldroyd', 'Priestley', 'Quarmby', 'Ramsden', 'Sykes', 'Thackray', 'Varley', 'Whitworth', 'Yates',
  'Smith-Jones', 'Hughes-Davies', 'Price-Williams', 'Lloyd-Evans', 'Taylor-Brown', 'Khan-Ahmed', 'Wright-Phillips', 'Bowes-Lyon', 'Stewart-Clark', 'Jones-Parry',
  'Ashton-Smith', 'Hall-Patel', 'Morgan-Grey', 'Cooper-Walsh', 'Baker-Owen', 'Davies-Roberts', 'Hunt-Davis', 'Kelly-Marsh', 'Lee-Ward', 'Scott-Hill',
];

/** Street names for synthetic address lines (no house numbers; the generator adds them). */
// biome-ignore format: a data table, ten names to a line
export const STREETS: readonly string[] = [
  'High Street', 'Church Lane', 'Station Road', 'Main Street', 'Park Road', 'Victoria Road', 'Green Lane', 'Manor Road', 'Church Street', 'Park Avenue',
  'Queens Road', 'New Road', 'Grange Road', 'Kings Road', 'Albert Road', 'Mill Lane', 'School Lane', 'York Road', 'North Street', 'Chapel Street',
  'Moor Lane', 'Springfield Road', 'Oak Avenue', 'Beech Grove', 'Westfield Road', 'Hollin Lane', 'Back Lane', 'Wakefield Road', 'Leeds Road', 'Bradford Road',
  'Halifax Road', 'Manchester Road', 'Stanley Road', 'Cross Street', 'Regent Street', 'Market Street', 'Mount Pleasant', 'Elm Close', 'Cedar Court', 'Ashfield Terrace',
  'Brunswick Street', 'Cardigan Road', 'Harehills Lane', 'Roundhay Road', 'Dewsbury Road',
];
