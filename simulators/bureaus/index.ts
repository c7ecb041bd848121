export { startBureauSimulator, type BureauSimulator, type BureauSimulatorOptions, type BureauStatus } from './server';
export { personaByLastName, personaOf, simulatedBureaus, type PersonaName, type SimulatedBureau } from './personas';
