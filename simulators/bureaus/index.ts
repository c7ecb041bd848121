export { startBureauSimulator, type BureauSimulator, type BureauSimulatorOptions, type BureauStatus } from './server';
export type { ReceivedDelivery, ReceivedRecord } from './reports';
export { personaByLastName, personaOf, simulatedBureaus, type PersonaName, type SimulatedBureau } from './personas';
