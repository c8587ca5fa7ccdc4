"""One repository per aggregate. They query and stage; the service's unit of work commits."""
