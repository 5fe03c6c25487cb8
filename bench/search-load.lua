-- wrk script: search requests that miss the output cache (each query carries a random number), over a mix of
-- topical queries, so the figure is the search engine's own throughput.
local queries = {
  "pretraining", "diffusion+models", "robot+imitation+learning", "retrieval+augmented+generation",
  "vision+language+models", "reinforcement+learning+from+human+feedback", "mixture+of+experts",
  "long+context", "video+generation", "speech+recognition", "code+generation+agents", "quantization",
}
math.randomseed(42)
request = function()
  local q = queries[math.random(#queries)] .. "+" .. math.random(1, 100000000)
  return wrk.format("GET", PATH_PREFIX .. q)
end
