// The clarifai 2.9.1 client ships no types; the spec that drives it declares what it uses.
declare module "clarifai" {
  const Clarifai: unknown;
  export default Clarifai;
}
