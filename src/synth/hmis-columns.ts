/**
 * Column order of every file of the HUD HMIS CSV FY2024 export (CSVVersion "2024 v1.3"),
 * transcribed from the HMIS CSV Format Specifications. One entry per file, in file-name order.
 */
export const HMIS_FY2024_COLUMNS = {
  Affiliation: [
    'AffiliationID', 'ProjectID', 'ResProjectID', 'DateCreated', 'DateUpdated', 'UserID',
    'DateDeleted', 'ExportID',
  ],
  Assessment: [
    'AssessmentID', 'EnrollmentID', 'PersonalID', 'AssessmentDate', 'AssessmentLocation',
    'AssessmentType', 'AssessmentLevel', 'PrioritizationStatus', 'DateCreated', 'DateUpdated',
    'UserID', 'DateDeleted', 'ExportID',
  ],
  AssessmentQuestions: [
    'AssessmentQuestionID', 'AssessmentID', 'EnrollmentID', 'PersonalID',
    'AssessmentQuestionGroup', 'AssessmentQuestionOrder', 'AssessmentQuestion', 'AssessmentAnswer',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  AssessmentResults: [
    'AssessmentResultID', 'AssessmentID', 'EnrollmentID', 'PersonalID', 'AssessmentResultType',
    'AssessmentResult', 'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  CEParticipation: [
    'CEParticipationID', 'ProjectID', 'AccessPoint', 'PreventionAssessment', 'CrisisAssessment',
    'HousingAssessment', 'DirectServices', 'ReceivesReferrals', 'CEParticipationStatusStartDate',
    'CEParticipationStatusEndDate', 'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted',
    'ExportID',
  ],
  Client: [
    'PersonalID', 'FirstName', 'MiddleName', 'LastName', 'NameSuffix', 'NameDataQuality', 'SSN',
    'SSNDataQuality', 'DOB', 'DOBDataQuality', 'AmIndAKNative', 'Asian', 'BlackAfAmerican',
    'HispanicLatinaeo', 'MidEastNAfrican', 'NativeHIPacific', 'White', 'RaceNone',
    'AdditionalRaceEthnicity', 'Woman', 'Man', 'NonBinary', 'CulturallySpecific', 'Transgender',
    'Questioning', 'DifferentIdentity', 'GenderNone', 'DifferentIdentityText', 'VeteranStatus',
    'YearEnteredService', 'YearSeparated', 'WorldWarII', 'KoreanWar', 'VietnamWar', 'DesertStorm',
    'AfghanistanOEF', 'IraqOIF', 'IraqOND', 'OtherTheater', 'MilitaryBranch', 'DischargeStatus',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  CurrentLivingSituation: [
    'CurrentLivingSitID', 'EnrollmentID', 'PersonalID', 'InformationDate',
    'CurrentLivingSituation', 'CLSSubsidyType', 'VerifiedBy', 'LeaveSituation14Days',
    'SubsequentResidence', 'ResourcesToObtain', 'LeaseOwn60Day', 'MovedTwoOrMore',
    'LocationDetails', 'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  Disabilities: [
    'DisabilitiesID', 'EnrollmentID', 'PersonalID', 'InformationDate', 'DisabilityType',
    'DisabilityResponse', 'IndefiniteAndImpairs', 'TCellCountAvailable', 'TcellCount',
    'TcellSource', 'ViralLoadAvailable', 'ViralLoad', 'ViralLoadSource', 'AntiRetroviral',
    'DataCollectionStage', 'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  EmploymentEducation: [
    'EmploymentEducationID', 'EnrollmentID', 'PersonalID', 'InformationDate', 'LastGradeCompleted',
    'SchoolStatus', 'Employed', 'EmploymentType', 'NotEmployedReason', 'DataCollectionStage',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  Enrollment: [
    'EnrollmentID', 'PersonalID', 'ProjectID', 'EntryDate', 'HouseholdID', 'RelationshipToHoH',
    'EnrollmentCoC', 'LivingSituation', 'RentalSubsidyType', 'LengthOfStay', 'LOSUnderThreshold',
    'PreviousStreetESSH', 'DateToStreetESSH', 'TimesHomelessPastThreeYears',
    'MonthsHomelessPastThreeYears', 'DisablingCondition', 'DateOfEngagement', 'MoveInDate',
    'DateOfPATHStatus', 'ClientEnrolledInPATH', 'ReasonNotEnrolled', 'PercentAMI',
    'ReferralSource', 'CountOutreachReferralApproaches', 'DateOfBCPStatus', 'EligibleForRHY',
    'ReasonNoServices', 'RunawayYouth', 'SexualOrientation', 'SexualOrientationOther',
    'FormerWardChildWelfare', 'ChildWelfareYears', 'ChildWelfareMonths',
    'FormerWardJuvenileJustice', 'JuvenileJusticeYears', 'JuvenileJusticeMonths',
    'UnemploymentFam', 'MentalHealthDisorderFam', 'PhysicalDisabilityFam',
    'AlcoholDrugUseDisorderFam', 'InsufficientIncome', 'IncarceratedParent', 'VAMCStation',
    'TargetScreenReqd', 'TimeToHousingLoss', 'AnnualPercentAMI', 'LiteralHomelessHistory',
    'ClientLeaseholder', 'HOHLeaseholder', 'SubsidyAtRisk', 'EvictionHistory', 'CriminalRecord',
    'IncarceratedAdult', 'PrisonDischarge', 'SexOffender', 'DisabledHoH', 'CurrentPregnant',
    'SingleParent', 'DependentUnder6', 'HH5Plus', 'CoCPrioritized', 'HPScreeningScore',
    'ThresholdScore', 'TranslationNeeded', 'PreferredLanguage', 'PreferredLanguageDifferent',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  Event: [
    'EventID', 'EnrollmentID', 'PersonalID', 'EventDate', 'Event', 'ProbSolDivRRResult',
    'ReferralCaseManageAfter', 'LocationCrisisOrPHHousing', 'ReferralResult', 'ResultDate',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  Exit: [
    'ExitID', 'EnrollmentID', 'PersonalID', 'ExitDate', 'Destination', 'DestinationSubsidyType',
    'OtherDestination', 'HousingAssessment', 'SubsidyInformation', 'ProjectCompletionStatus',
    'EarlyExitReason', 'ExchangeForSex', 'ExchangeForSexPastThreeMonths', 'CountOfExchangeForSex',
    'AskedOrForcedToExchangeForSex', 'AskedOrForcedToExchangeForSexPastThreeMonths',
    'WorkplaceViolenceThreats', 'WorkplacePromiseDifference', 'CoercedToContinueWork',
    'LaborExploitPastThreeMonths', 'CounselingReceived', 'IndividualCounseling',
    'FamilyCounseling', 'GroupCounseling', 'SessionCountAtExit', 'PostExitCounselingPlan',
    'SessionsInPlan', 'DestinationSafeClient', 'DestinationSafeWorker', 'PosAdultConnections',
    'PosPeerConnections', 'PosCommunityConnections', 'AftercareDate', 'AftercareProvided',
    'EmailSocialMedia', 'Telephone', 'InPersonIndividual', 'InPersonGroup', 'CMExitReason',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  Export: [
    'ExportID', 'SourceType', 'SourceID', 'SourceName', 'SourceContactFirst', 'SourceContactLast',
    'SourceContactPhone', 'SourceContactExtension', 'SourceContactEmail', 'ExportDate',
    'ExportStartDate', 'ExportEndDate', 'SoftwareName', 'SoftwareVersion', 'CSVVersion',
    'ExportPeriodType', 'ExportDirective', 'HashStatus', 'ImplementationID',
  ],
  Funder: [
    'FunderID', 'ProjectID', 'Funder', 'OtherFunder', 'GrantID', 'StartDate', 'EndDate',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  HealthAndDV: [
    'HealthAndDVID', 'EnrollmentID', 'PersonalID', 'InformationDate', 'DomesticViolenceSurvivor',
    'WhenOccurred', 'CurrentlyFleeing', 'GeneralHealthStatus', 'DentalHealthStatus',
    'MentalHealthStatus', 'PregnancyStatus', 'DueDate', 'DataCollectionStage', 'DateCreated',
    'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  HMISParticipation: [
    'HMISParticipationID', 'ProjectID', 'HMISParticipationType',
    'HMISParticipationStatusStartDate', 'HMISParticipationStatusEndDate', 'DateCreated',
    'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  IncomeBenefits: [
    'IncomeBenefitsID', 'EnrollmentID', 'PersonalID', 'InformationDate', 'IncomeFromAnySource',
    'TotalMonthlyIncome', 'Earned', 'EarnedAmount', 'Unemployment', 'UnemploymentAmount', 'SSI',
    'SSIAmount', 'SSDI', 'SSDIAmount', 'VADisabilityService', 'VADisabilityServiceAmount',
    'VADisabilityNonService', 'VADisabilityNonServiceAmount', 'PrivateDisability',
    'PrivateDisabilityAmount', 'WorkersComp', 'WorkersCompAmount', 'TANF', 'TANFAmount', 'GA',
    'GAAmount', 'SocSecRetirement', 'SocSecRetirementAmount', 'Pension', 'PensionAmount',
    'ChildSupport', 'ChildSupportAmount', 'Alimony', 'AlimonyAmount', 'OtherIncomeSource',
    'OtherIncomeAmount', 'OtherIncomeSourceIdentify', 'BenefitsFromAnySource', 'SNAP', 'WIC',
    'TANFChildCare', 'TANFTransportation', 'OtherTANF', 'OtherBenefitsSource',
    'OtherBenefitsSourceIdentify', 'InsuranceFromAnySource', 'Medicaid', 'NoMedicaidReason',
    'Medicare', 'NoMedicareReason', 'SCHIP', 'NoSCHIPReason', 'VHAServices', 'NoVHAReason',
    'EmployerProvided', 'NoEmployerProvidedReason', 'COBRA', 'NoCOBRAReason', 'PrivatePay',
    'NoPrivatePayReason', 'StateHealthIns', 'NoStateHealthInsReason', 'IndianHealthServices',
    'NoIndianHealthServicesReason', 'OtherInsurance', 'OtherInsuranceIdentify', 'ADAP',
    'NoADAPReason', 'RyanWhiteMedDent', 'NoRyanWhiteReason', 'ConnectionWithSOAR',
    'DataCollectionStage', 'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  Inventory: [
    'InventoryID', 'ProjectID', 'CoCCode', 'HouseholdType', 'Availability', 'UnitInventory',
    'BedInventory', 'CHVetBedInventory', 'YouthVetBedInventory', 'VetBedInventory',
    'CHYouthBedInventory', 'YouthBedInventory', 'CHBedInventory', 'OtherBedInventory', 'ESBedType',
    'InventoryStartDate', 'InventoryEndDate', 'DateCreated', 'DateUpdated', 'UserID',
    'DateDeleted', 'ExportID',
  ],
  Organization: [
    'OrganizationID', 'OrganizationName', 'VictimServiceProvider', 'OrganizationCommonName',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  Project: [
    'ProjectID', 'OrganizationID', 'ProjectName', 'ProjectCommonName', 'OperatingStartDate',
    'OperatingEndDate', 'ContinuumProject', 'ProjectType', 'HousingType', 'RRHSubType',
    'ResidentialAffiliation', 'TargetPopulation', 'HOPWAMedAssistedLivingFac', 'PITCount',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  ProjectCoC: [
    'ProjectCoCID', 'ProjectID', 'CoCCode', 'Geocode', 'Address1', 'Address2', 'City', 'State',
    'ZIP', 'GeographyType', 'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
  Services: [
    'ServicesID', 'EnrollmentID', 'PersonalID', 'DateProvided', 'RecordType', 'TypeProvided',
    'OtherTypeProvided', 'MovingOnOtherType', 'SubTypeProvided', 'FAAmount', 'FAStartDate',
    'FAEndDate', 'ReferralOutcome', 'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted',
    'ExportID',
  ],
  User: [
    'UserID', 'UserFirstName', 'UserLastName', 'UserPhone', 'UserExtension', 'UserEmail',
    'DateCreated', 'DateUpdated', 'DateDeleted', 'ExportID',
  ],
  YouthEducationStatus: [
    'YouthEducationStatusID', 'EnrollmentID', 'PersonalID', 'InformationDate',
    'CurrentSchoolAttend', 'MostRecentEdStatus', 'CurrentEdStatus', 'DataCollectionStage',
    'DateCreated', 'DateUpdated', 'UserID', 'DateDeleted', 'ExportID',
  ],
} as const satisfies Record<string, readonly string[]>;

export type HmisFileName = keyof typeof HMIS_FY2024_COLUMNS;

export const HMIS_FILE_NAMES = Object.keys(HMIS_FY2024_COLUMNS) as HmisFileName[];

export const HMIS_CSV_VERSION = '2024 v1.3';
